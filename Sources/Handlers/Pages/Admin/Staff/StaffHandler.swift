import Domain
import Views

/// `/admin/staff`: the team and their two-factor status; admins reset another's 2FA.
enum StaffHandler {
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let me = try context.requireStaff()
        let rows = try Users.listStaff(on: context.connection).map {
            StaffPage.Row(
                id: $0.id, name: $0.name, email: $0.email, role: $0.role.rawValue, twoFactorEnabled: $0.twoFactorEnabled,
                canReset: me.role == .admin && $0.id != me.id && $0.twoFactorEnabled)
        }
        let notice = context.query["reset"] == "1" ? "Two-factor sign-in was reset; that person sets it up again at their next sign-in." : nil
        return try context.page(StaffPage(rows: rows, notice: notice, csrfToken: try context.csrfToken()))
    }

    static func resetTwoFactor(_ request: Request, _ context: RequestContext) throws -> Response {
        let admin = try context.requireAdmin()
        guard let target = try Users.find(id: try context.idParameter(), on: context.connection), target.role.isStaff else {
            throw HTTPError.notFound("No such staff member.")
        }
        try context.services.twoFactor.reset(target: target, by: admin, on: context.connection, origin: context.origin)
        return .redirect(to: "/admin/staff?reset=1")
    }
}
