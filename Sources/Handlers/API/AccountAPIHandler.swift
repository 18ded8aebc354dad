import Domain
import Foundation

/// `/api/v1/account`: the caller's own account — profile, password, signed-in sessions. The JSON
/// twins of `/account` (`/my/account`), calling the same use cases as the page.
enum AccountAPIHandler {
    /// The account as `GET /api/v1/account` shows it: the profile and how many recovery codes are left.
    struct AccountBody: Encodable {
        let profile: Profile
        let recoveryCodesLeft: Int

        enum CodingKeys: String, CodingKey { case recoveryCodesLeft = "recovery_codes_left" }

        func encode(to encoder: Encoder) throws {
            try profile.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(recoveryCodesLeft, forKey: .recoveryCodesLeft)
        }
    }

    /// One live session, marked when it is the one the request came in on.
    struct SessionItem: Encodable {
        let session: ActiveSession
        let current: Bool

        enum CodingKeys: String, CodingKey { case current }

        func encode(to encoder: Encoder) throws {
            try session.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(current, forKey: .current)
        }
    }

    struct Ended: Encodable {
        let ended: Int
    }

    /// `GET /api/v1/account`.
    static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try overview(context)
        return try .json(AccountBody(profile: account.profile, recoveryCodesLeft: account.recoveryCodesLeft))
    }

    /// `PATCH /api/v1/account`: `name`, and for customers `company`, `phone` and the billing details
    /// (`country`, `region`, `address_line1`, …, `vat_number`); absent fields stay.
    static func update(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        let profile = try Profiles.update(
            name: try body.text("name"), company: try body.text("company"), phone: try body.text("phone"),
            billing: try BillingDetailsInput.json(body), by: context.caller)
        return try .json(profile)
    }

    /// `POST /api/v1/account/password`: `current_password`, `new_password`. Every other session
    /// ends; a browser session the request came in on gets a new token.
    static func changePassword(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        try Profiles.changePassword(
            current: try body.text("current_password"), new: try body.text("new_password"), keepSession: context.identity?.session?.id,
            authenticator: context.services.authenticator, by: context.caller)
        if let session = context.identity?.session {
            let token = try Sessions.rotate(session, on: context.connection)
            context.setCookie(Cookies.setCookie(Cookies.session, token, secure: request.isHTTPS))
        }
        return Response(status: .noContent)
    }

    /// `GET /api/v1/account/sessions`: the caller's live browser sessions, newest first.
    static func sessions(_ request: Request, _ context: RequestContext) throws -> Response {
        let account = try overview(context)
        let items = account.sessions.map { SessionItem(session: $0, current: $0.id == account.currentSessionID) }
        return try .json(ListBody(items: items, nextCursor: nil))
    }

    /// `POST /api/v1/account/sessions/end-others`: signs the caller out of every browser session
    /// but the one the request came in on (a token caller: all of them). Tokens stay valid.
    static func endOtherSessions(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(Ended(ended: try Sessions.endOthers(for: context.caller, keeping: context.identity?.session?.id)))
    }

    private static func overview(_ context: RequestContext) throws -> AccountOverview {
        try AccountOverview.load(for: context.caller, currentSessionID: context.identity?.session?.id, twoFactor: context.services.twoFactor)
    }
}
