/// Every route of the portal, in one place.
enum Routes {
    static func all() -> Router {
        var router = Router()
        router.get("/health", HealthHandler.health)
        router.get("/", HomeHandler.home)
        router.get("/login", LoginHandler.form)
        return router
    }
}
