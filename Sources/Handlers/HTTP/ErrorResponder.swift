import Domain
import Postgres
import Views

/// Turns errors into responses: problem+json under `/api/`, a styled page elsewhere.
struct ErrorResponder: Sendable {
    let renderer: PageRenderer

    func response(for error: HTTPError, request: Request) -> Response {
        var response: Response
        if request.isAPI || prefersJSON(request) {
            let problem = ProblemDocument(error: error, requestID: request.requestID)
            response = (try? Response.json(problem, status: error.status, contentType: "application/problem+json"))
                ?? Response(status: error.status)
        } else {
            let page = ErrorPage(
                status: error.status.code, title: error.title, message: error.detail,
                requestID: error.status.code >= 500 ? request.requestID : nil)
            response = (try? Response.html(renderer.html(page), status: error.status))
                ?? Response(status: error.status, headers: [("Content-Type", "text/plain")], body: Array(error.detail.utf8))
        }
        for header in error.headers { response.setHeader(header.name, header.value) }
        return response
    }

    /// How any error a handler threw answers; unexpected ones are logged and say nothing of their cause.
    static func httpError(for error: Error, request: Request) -> HTTPError {
        switch error {
        case let error as HTTPError:
            return error
        case let error as DomainError:
            return HTTPError(error)
        case let stale as StaleVersion:
            return HTTPError(stale)
        case let provider as PaymentProviderUnavailable:
            Log.error("\(request.method) \(request.rawPath): payment provider: \(provider)", requestID: request.requestID)
            return HTTPError(.serviceUnavailable, title: "Payment provider unavailable",
                             detail: "The payment provider is not answering; nothing was charged or changed. Please try again in a few minutes.",
                             headers: [("Retry-After", "30")])
        case let error as PostgresError where error.isConnectionFailure:
            Log.error("\(request.method) \(request.rawPath): database unavailable: \(error)", requestID: request.requestID)
            return databaseUnavailable
        default:
            Log.error("\(request.method) \(request.rawPath) failed: \(error)", requestID: request.requestID)
            return internalError
        }
    }

    /// The generic answer to an unexpected error: nothing about its cause leaks.
    static let internalError = HTTPError(
        .internalServerError, title: "Something went wrong",
        detail: "The request could not be completed. It has been logged; please try again.")

    /// The answer when the database cannot be reached: retry shortly.
    static let databaseUnavailable = HTTPError(
        .serviceUnavailable, title: "Temporarily unavailable",
        detail: "The portal cannot reach its database right now; please try again shortly.",
        headers: [("Retry-After", "1")])

    private func prefersJSON(_ request: Request) -> Bool {
        guard let accept = request.headers["accept"] else { return false }
        return accept.contains("json") && !accept.contains("text/html")
    }
}
