import Domain
import Views

/// `/admin/staff`: the team and their two-factor status; admins reset another's 2FA.
enum StaffHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.page(StaffPage(staff: try StaffMember.list(for: context.caller), reset: context.query["reset"] == "1",
                                   csrfToken: try context.csrfToken()))
    }

    static func resetTwoFactor(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.services.twoFactor.reset(targetID: try context.idParameter(), by: context.caller)
        return .redirect(to: "/admin/staff?reset=1")
    }
}
