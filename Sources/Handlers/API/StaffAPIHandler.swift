import Domain

/// `/api/v1/staff` and `/api/v1/dashboard`: the team, an admin's 2FA reset and the dashboard
/// figures — the JSON twins of `/admin/staff` and `/admin`.
enum StaffAPIHandler {
    /// `GET /api/v1/staff`: every staff member, by email, with `can_reset_two_factor`.
    static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(ListBody(items: try StaffMember.list(for: context.caller), nextCursor: nil))
    }

    /// `POST /api/v1/staff/{id}/reset-2fa` (admins): the member sets two-factor sign-in up again.
    static func resetTwoFactor(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.services.twoFactor.reset(targetID: try context.idParameter(), by: context.caller)
        return Response(status: .noContent)
    }

    /// `GET /api/v1/dashboard`: orders by status, this month's revenue, servers by status, recent activity.
    static func dashboard(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(try DashboardFigures.load(for: context.caller))
    }
}
