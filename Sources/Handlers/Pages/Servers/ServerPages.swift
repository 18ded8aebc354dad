/// Staff pages for servers and the manual task queue (`/admin/servers`, `/admin/tasks`).
enum ServerPages {
    static func register(_ router: inout Router) {
    }
}
