import Domain

/// Every route of the portal, grouped by who may call it. `AccessGuardMiddleware` enforces the
/// group before any handler runs; `stepUp` marks changes that need a fresh two-factor code.
public enum Routes {
    /// The route table, built once per worker.
    public static func all() -> Router {
        var router = Router()
        router.group(.anyone, anyone)
        router.group(.signedIn, signedIn)
        router.group(.customer, customer)
        router.group(.staff, staff)
        router.group(.admin, admin)
        return router
    }
}
