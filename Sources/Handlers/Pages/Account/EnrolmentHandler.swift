import Domain
import Views

/// `/account/2fa`: set up TOTP — secret as text and QR code, confirm with a first code; then
/// new recovery codes and (customers) turning it off, from the account page's two-factor card.
enum EnrolmentHandler {
    static func form(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.user
        if user.twoFactorEnabled { return .redirect(to: "/account") }
        return try render(context, user: user, error: nil)
    }

    static func confirm(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.user
        if user.twoFactorEnabled { return .redirect(to: "/account") }
        let codes = try context.services.twoFactor.confirm(code: try context.form()["code"], by: context.caller)
        if let session = context.identity?.session {
            let token = try Sessions.rotate(session, on: context.connection)
            context.setCookie(Cookies.setCookie(Cookies.session, token, secure: request.isHTTPS))
        }
        return try context.page(RecoveryCodesPage(codes: codes, continueHref: RequestContext.homePath(for: user)))
    }

    /// `POST /account/2fa/recovery-codes` with a current code: ten new codes, shown once.
    static func regenerateRecoveryCodes(_ request: Request, _ context: RequestContext) throws -> Response {
        let codes = try context.services.twoFactor.regenerateRecoveryCodes(code: context.stepUpCode, by: context.caller)
        return try context.page(RecoveryCodesPage(codes: codes, continueHref: RequestContext.accountPath(for: try context.user), replaced: true))
    }

    /// `POST /account/2fa/disable` with a current code or a recovery code (customers only).
    static func disable(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.services.twoFactor.disable(code: context.stepUpCode, by: context.caller)
        return .redirect(to: RequestContext.accountPath(for: try context.user) + "?saved=two-factor-off")
    }

    /// The set-up page again with why the code was refused (422, or 429 when throttled).
    static func refused(_ refusal: Refusal, _ request: Request, _ context: RequestContext) throws -> Response {
        try render(context, user: try context.user, error: refusal.issues.first?.message ?? refusal.error.detail)
    }

    private static func render(_ context: RequestContext, user: User, error: String?, status: HTTPStatus = .ok) throws -> Response {
        let enrolment = try context.services.twoFactor.pendingEnrolment(for: user, on: context.connection)
        let page = EnrolmentPage(
            secret: enrolment.secretBase32, uri: enrolment.uri, qrSVG: QRCodeSVG.render(enrolment.uri) ?? "",
            error: error, csrfToken: try context.csrfToken(), isRequired: user.requiresTwoFactor)
        return try context.page(page, status: status)
    }
}
