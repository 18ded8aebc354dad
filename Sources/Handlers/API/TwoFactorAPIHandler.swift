import Domain
import Foundation
import Views

/// `/api/v1/account/2fa`: the caller's own two-factor sign-in — start and confirm a set-up, new
/// recovery codes, turn it off. The JSON twins of `/account/2fa` and the account page's buttons.
enum TwoFactorAPIHandler {
    /// A pending set-up: the secret as text, as an `otpauth://` URI and as a QR code.
    struct SetUp: Encodable {
        let secret: String
        let otpauthURI: String
        let qrSVG: String

        enum CodingKeys: String, CodingKey {
            case secret
            case otpauthURI = "otpauth_uri", qrSVG = "qr_svg"
        }
    }

    /// Recovery codes, shown this once.
    struct Codes: Encodable {
        let recoveryCodes: [String]

        enum CodingKeys: String, CodingKey { case recoveryCodes = "recovery_codes" }
    }

    /// `POST /api/v1/account/2fa`: the pending secret (made now if there is none).
    static func start(_ request: Request, _ context: RequestContext) throws -> Response {
        let enrolment = try context.services.twoFactor.pendingEnrolment(for: context.caller)
        return try .json(SetUp(secret: enrolment.secretBase32, otpauthURI: enrolment.uri, qrSVG: QRCodeSVG.render(enrolment.uri) ?? ""))
    }

    /// `POST /api/v1/account/2fa/confirm`: `{"code"}` → the recovery codes. A browser session the
    /// request came in on gets a new token, as after the page's confirmation.
    static func confirm(_ request: Request, _ context: RequestContext) throws -> Response {
        let body = try JSONObject(context)
        let codes = try context.services.twoFactor.confirm(code: try body.text("code"), by: context.caller)
        if let session = context.identity?.session {
            let token = try Sessions.rotate(session, on: context.connection)
            context.setCookie(Cookies.setCookie(Cookies.session, token, secure: request.isHTTPS))
        }
        return try .json(Codes(recoveryCodes: codes))
    }

    /// `POST /api/v1/account/2fa/recovery-codes` with `X-2FA-Code`: ten new codes; the old ones stop working.
    static func regenerateRecoveryCodes(_ request: Request, _ context: RequestContext) throws -> Response {
        try .json(Codes(recoveryCodes: try context.services.twoFactor.regenerateRecoveryCodes(code: context.stepUpCode, by: context.caller)))
    }

    /// `DELETE /api/v1/account/2fa` with `X-2FA-Code` (a TOTP or recovery code): customers only.
    static func disable(_ request: Request, _ context: RequestContext) throws -> Response {
        try context.services.twoFactor.disable(code: context.stepUpCode, by: context.caller)
        return Response(status: .noContent)
    }
}
