import Domain
import Views

/// `/account/2fa`: set up TOTP — secret as text and QR code, confirm with a first code.
enum EnrolmentHandler {
    static func form(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        if user.twoFactorEnabled { return .redirect(to: "/account") }
        return try render(context, user: user, error: nil)
    }

    static func confirm(_ request: Request, _ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        if user.twoFactorEnabled { return .redirect(to: "/account") }
        let codes: [String]
        do {
            codes = try context.services.twoFactor.confirm(
                user: user, code: try context.form()["code"], on: context.connection, origin: context.origin)
        } catch DomainError.validation(let issues) {
            return try render(context, user: user, error: issues.first?.message, status: .unprocessableContent)
        } catch let error as DomainError {
            let mapped = HTTPError(error)
            guard mapped.status == .tooManyRequests else { throw error }
            var response = try render(context, user: user, error: mapped.detail, status: mapped.status)
            response.addHeaders(of: mapped)
            return response
        }
        if let session = context.identity?.session {
            let token = try Sessions.rotate(session, on: context.connection)
            context.setCookie(Cookies.setCookie(Cookies.session, token, secure: request.isHTTPS))
        }
        return try context.page(RecoveryCodesPage(codes: codes, continueHref: RequestContext.homePath(for: user)))
    }

    private static func render(_ context: RequestContext, user: User, error: String?, status: HTTPStatus = .ok) throws -> Response {
        let enrolment = try context.services.twoFactor.pendingEnrolment(for: user, on: context.connection)
        let page = EnrolmentPage(
            secret: enrolment.secretBase32, uri: enrolment.uri, qrSVG: QRCodeSVG.render(enrolment.uri) ?? "",
            error: error, csrfToken: try context.csrfToken(), isRequired: user.role.isStaff)
        return try context.page(page, status: status)
    }
}
