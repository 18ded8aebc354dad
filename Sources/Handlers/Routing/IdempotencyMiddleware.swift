import Domain

/// `Idempotency-Key` on JSON POSTs, the way Stripe's API honours it: the same key with the same
/// request within 24 hours answers the first answer again (marked `Idempotent-Replayed: true`)
/// without running the handler; the same key with another method, path or body answers 422; a
/// request arriving while the first with its key still runs answers 409 (Stripe does the same)
/// rather than waiting; a request whose work committed but whose answer was lost to a crash answers
/// 409 and is never run again (`IdempotencyKeys`). Keys belong to the signed-in caller. Which answers are kept is
/// `StoredAnswer.isKept`; the claim and its crash safety are `IdempotencyKeys`.
///
/// Runs after the access guard, so only requests the route admits claim a key. Routes open to
/// anyone (sign-in, registration) and requests without the header pass through as before.
struct IdempotencyMiddleware: Middleware {
    func handle(_ request: Request, _ context: RequestContext, next: Handler) throws -> Response {
        guard request.method == "POST", request.isAPI, let key = request.headers[IdempotentRequest.header],
            let route = context.route, route.access.audience != .anyone, let user = context.signedInUser
        else { return try next(request, context) }
        let idempotent = try IdempotentRequest(
            userID: user.id, key: key, method: request.method, route: route.pattern, path: context.path, body: request.body)
        switch try IdempotencyKeys.claim(idempotent, on: context.connection) {
        case .claimed(let lease):
            return try run(request, context, next: next, lease: lease)
        case .replay(let answer):
            var response = Response(
                status: HTTPStatus(answer.status, answer.reason), headers: answer.headers.map { ($0.name, $0.value) }, body: answer.body)
            response.setHeader("Idempotent-Replayed", "true")
            return response
        case .mismatch:
            throw HTTPError(
                .unprocessableContent, title: "Idempotency key reused",
                detail: "This Idempotency-Key was first sent with a different request (method, path or body); use a new key for a new request.",
                fieldErrors: [.init(field: IdempotentRequest.header, message: "was used for a different request")])
        case .answerLost:
            throw HTTPError(
                .conflict, title: "Request carried out, answer lost",
                detail: "The first request with this Idempotency-Key was carried out, but the server stopped before its answer was kept; it is not run again. Look the result up (for example in the list it created something in).",
                fieldErrors: [.init(field: IdempotentRequest.header, message: "belongs to a request that was carried out")])
        case .inProgress:
            throw HTTPError(
                .conflict, title: "Request in progress",
                detail: "A request with this Idempotency-Key is still being processed; retry it once that one has finished.",
                fieldErrors: [.init(field: IdempotentRequest.header, message: "is in use by a request still running")],
                headers: [("Retry-After", "1")])
        }
    }

    /// Runs the handler under the claimed key, then keeps its answer or lets the key go.
    private func run(_ request: Request, _ context: RequestContext, next: Handler, lease: IdempotencyKeys.Lease) throws -> Response {
        let response: Response
        let connection = context.connection
        connection.beforeCommit = { try IdempotencyKeys.markWorkCommitted(lease, on: $0) }
        defer { connection.beforeCommit = nil }
        do {
            response = try next(request, context)
        } catch {
            let answer = ErrorResponder.httpError(for: error, request: request)
            guard StoredAnswer.isKept(status: answer.status.code) else {
                try? IdempotencyKeys.release(lease, on: context.connection)
                throw answer
            }
            response = ErrorResponder(renderer: context.renderer).response(for: answer, request: request)
        }
        guard StoredAnswer.isKept(status: response.status.code) else {
            try? IdempotencyKeys.release(lease, on: context.connection)
            return response
        }
        let headers = response.headers.filter { !ASCIIText.equalsIgnoringCase($0.name, "Set-Cookie") }
            .map { StoredAnswer.Header(name: $0.name, value: $0.value) }
        do {
            try IdempotencyKeys.complete(
                lease, with: StoredAnswer(status: response.status.code, reason: response.status.reason, headers: headers, body: response.body),
                on: context.connection)
        } catch {
            // The handler's work is done and its answer goes out; only a retry of this key would run it again.
            Log.error("\(request.method) \(request.rawPath): idempotency answer not stored: \(error)", requestID: request.requestID)
        }
        return response
    }
}
