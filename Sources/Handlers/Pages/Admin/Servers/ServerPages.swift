/// Staff pages for servers and the manual task queue (`/admin/servers`, `/admin/tasks`).
enum ServerPages {
    static func register(_ router: inout Router) {
        router.get("/admin/servers", ServerListHandler.list)
        router.get("/admin/servers/{id}", ServerPagesHandler.detail)
        router.post("/admin/servers/{id}", ServerPagesHandler.update)
        router.post("/admin/servers/{id}/actions/{action}", ServerPagesHandler.action)
        router.post("/admin/servers/{id}/credentials", ServerPagesHandler.credentials)

        router.get("/admin/tasks", TaskPagesHandler.list)
        router.post("/admin/tasks/{id}/complete", TaskPagesHandler.complete)
        router.post("/admin/tasks/{id}/fail", TaskPagesHandler.fail)
    }
}
