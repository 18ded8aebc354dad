@testable import Domain
import Foundation
@testable import Handlers
import Postgres
import TestSupport
import Testing
import Views

/// The authorization matrix: every route of the router × every kind of caller → the exact status.
///
/// Callers: anonymous, customer A (owns the order, the server and the job), customer B (owns
/// nothing of A's), staff (role `staff`, enrolled in TOTP) and admin (enrolled). Browser callers
/// send their session cookie (and the session's CSRF token on unsafe methods); JSON routes get
/// the caller's bearer token. Anonymous sends no credentials; on unsafe *page* methods it sends
/// the double-submit CSRF pair any visitor gets from `/login`, so the cell shows what the
/// authorization layer does rather than the CSRF refusal (`anonymousWithoutCSRF` covers that).
///
/// Every cell runs in-process through `PortalApplication.respond`. Cells must not break later
/// cells, so unsafe calls send input that is refused *after* authorization — the status then
/// proves the caller got past the guards:
///   422  empty form / `{}` body fails validation (create routes, task complete/fail, 2FA confirm)
///   428  an edit without a version (PUT/PATCH of products, customers, servers; page edits)
///   400  `If-Match: "x"` on order delete/pay (an unreadable version, checked before the 2FA code)
///   401  a page order payment/deletion without the step-up code (the body names the code); new recovery codes without a code
///   403  staff turning their own two-factor sign-in off (a Domain rule: staff must keep it)
///   409  two-factor changes of customers who have none; starting or confirming a set-up that is already done
///   409  deleting a product/customer that has orders; a server action while another job of the server is open
/// Calls that do change state get fresh objects per cell: token revocation (a new token of A each
/// time), the 2FA reset (a new enrolled staff member as target) and sign-out (a new session). A
/// browser session that a JSON cell ended (`…/sessions/end-others` as a token ends them all) is
/// replaced before the next page cell.
@Suite("Authorization matrix: every route × anonymous, customer A, customer B, staff, admin", .serialized)
struct AuthorizationMatrixTests {
    enum Caller: Int, CaseIterable, CustomStringConvertible {
        case anonymous, customerA, customerB, staff, admin
        var description: String { ["anonymous", "customer A", "customer B", "staff", "admin"][rawValue] }
    }

    enum Body {
        case none
        case json(String)
        case form([(String, String)])
    }

    /// One route and what each caller gets.
    struct Row {
        let method: String
        let pattern: String
        /// The concrete path; `:name` placeholders are replaced with ids made in setup.
        let path: String
        let body: Body
        let headers: [String: String]
        /// Expected status per caller: anonymous, customer A, customer B, staff, admin.
        let expected: [Int]
        /// Text the staff and admin answers must contain (when a status alone is ambiguous).
        let proof: String?
        /// Each cell signs in with a new session (for sign-out, which ends the session).
        let freshSession: Bool

        var isAPI: Bool { pattern.hasPrefix("/api/") }
        var key: String { "\(method) \(pattern)" }
    }

    static func page(
        _ method: String, _ pattern: String, at path: String? = nil, form: [(String, String)] = [], proof: String? = nil,
        freshSession: Bool = false, _ expected: [Int]
    ) -> Row {
        Row(method: method, pattern: pattern, path: path ?? pattern, body: method == "GET" ? .none : .form(form), headers: [:],
            expected: expected, proof: proof, freshSession: freshSession)
    }

    static func api(_ method: String, _ pattern: String, at path: String? = nil, json: String? = nil, headers: [String: String] = [:],
                    _ expected: [Int]) -> Row {
        Row(method: method, pattern: pattern, path: path ?? pattern, body: json.map { .json($0) } ?? .none, headers: headers,
            expected: expected, proof: nil, freshSession: false)
    }

    // Shorthands for the common columns.
    static let everyone200 = [200, 200, 200, 200, 200]
    /// A staff page: anonymous to the sign-in page, customers refused, staff and admin served.
    static let staffPage = [303, 403, 403, 200, 200]
    /// A customer page: staff are refused (customers only), A and B see their own.
    static let customerPage = [303, 200, 200, 403, 403]
    /// A JSON route for staff.
    static let staffAPI = [401, 403, 403, 200, 200]
    /// A JSON route on something of customer A's: B gets 404, never 403.
    static let ownedByA = [401, 200, 404, 200, 200]
    /// A staff-only server action: every customer is refused by the route's audience (403, which
    /// says nothing about the server); staff get past it to the open-job conflict (409).
    static let staffAction = [401, 403, 403, 409, 409]

    /// The table. Placeholders: `:demoGateway`, `:unknownGateway`, `:unknownSession`, `:templateEvent`, `:templateChannel`, `:reportKind` (names), `:product`, `:customerA`, `:order`, `:invoice` (the order's), `:server`, `:job`, `:task`,
    /// `:tokenA` (a new unrevoked token of customer A per cell), `:staffMember` (a new enrolled staff member per cell).
    static let table: [Row] = [
        // Public and sign-in
        page("GET", "/health", everyone200),
        // Only for VPS_METRICS_ALLOW (loopback by default); the matrix's callers come from elsewhere.
        page("GET", "/metrics", [404, 404, 404, 404, 404]),
        page("GET", "/docs", everyone200),
        page("GET", "/docs/try", everyone200),
        api("GET", "/api/v1/openapi.json", everyone200),
        page("GET", "/", [303, 303, 303, 303, 303]),
        page("GET", "/login", [200, 303, 303, 303, 303]),
        page("POST", "/login", form: [("email", ":email"), ("password", "not the password")], [401, 401, 401, 401, 401]),
        page("GET", "/login/2fa", [303, 303, 303, 303, 303]),
        page("POST", "/login/2fa", form: [("code", "")], [303, 303, 303, 303, 303]),
        page("POST", "/logout", freshSession: true, [303, 303, 303, 303, 303]),
        page("GET", "/register", [200, 303, 303, 303, 303]),
        page("POST", "/register", form: [("email", ""), ("name", ""), ("password", "")], [422, 422, 422, 422, 422]),
        page("GET", "/password/forgot", [200, 200, 200, 200, 200]),
        page("POST", "/password/forgot", form: [("email", "")], [422, 422, 422, 422, 422]),
        page("GET", "/password/reset", [200, 200, 200, 200, 200]),
        page("POST", "/password/reset", form: [("token", ""), ("password", ""), ("password_confirmation", "")], [422, 422, 422, 422, 422]),
        page("GET", "/catalog", everyone200),
        // Gateway notifications and the demo gateway's page: no audience beyond the signature / the session id
        // (no session, no CSRF on the webhook); unknown gateways and sessions are 404 for everyone.
        page("POST", "/webhooks/{gateway}", at: "/webhooks/:unknownGateway", proof: "No such payment gateway", [404, 404, 404, 404, 404]),
        page("GET", "/pay/demo/{session}", at: "/pay/demo/:unknownSession", [404, 404, 404, 404, 404]),
        page("POST", "/pay/demo/{session}/pay", at: "/pay/demo/:unknownSession/pay", [404, 404, 404, 404, 404]),
        page("POST", "/pay/demo/{session}/decline", at: "/pay/demo/:unknownSession/decline", [404, 404, 404, 404, 404]),
        page("POST", "/catalog/{id}/order", at: "/catalog/:product/order", form: [("billing_cycle", "weekly")], [303, 422, 422, 403, 403]),

        // Account (anyone signed in)
        page("GET", "/account", [303, 200, 200, 200, 200]),
        page("POST", "/account/tokens", form: [("name", ""), ("scope", "")], [303, 422, 422, 422, 422]),
        page("POST", "/account/tokens/{id}/revoke", at: "/account/tokens/:tokenA/revoke", [303, 303, 404, 404, 404]),
        page("POST", "/account/sessions/end-others", [303, 303, 303, 303, 303]),
        page("GET", "/account/2fa", [303, 200, 200, 303, 303]),
        page("POST", "/account/2fa", form: [("code", "")], [303, 422, 422, 303, 303]),
        page("POST", "/account/profile", form: [("name", String(repeating: "n", count: 1000))], [303, 422, 422, 422, 422]),
        page("POST", "/account/password", form: [("current_password", ""), ("new_password", "")], [303, 422, 422, 422, 422]),
        page("POST", "/account/verification", [303, 409, 409, 409, 409]),
        page("GET", "/verify-email", [422, 422, 422, 422, 422]),
        page("POST", "/account/2fa/recovery-codes", form: [("code", "")], proof: "needs a current code", [303, 409, 409, 401, 401]),
        page("POST", "/account/2fa/disable", form: [("code", "")], proof: "Staff must keep two-factor sign-in", [303, 409, 409, 403, 403]),

        // Staff pages
        page("GET", "/admin", staffPage),
        page("GET", "/admin/staff", staffPage),
        page("POST", "/admin/staff/{id}/reset-2fa", at: "/admin/staff/:staffMember/reset-2fa", [303, 403, 403, 403, 303]),
        page("GET", "/admin/audit", staffPage),
        page("GET", "/admin/sessions", staffPage),
        page("GET", "/admin/products", staffPage),
        page("GET", "/admin/products/new", staffPage),
        page("POST", "/admin/products", [303, 403, 403, 422, 422]),
        page("GET", "/admin/products/{id}", at: "/admin/products/:product", staffPage),
        page("POST", "/admin/products/{id}", at: "/admin/products/:product", [303, 403, 403, 428, 428]),
        page("POST", "/admin/products/{id}/active", at: "/admin/products/:product/active", [303, 403, 403, 428, 428]),
        page("POST", "/admin/products/{id}/delete", at: "/admin/products/:product/delete", [303, 403, 403, 409, 409]),
        page("GET", "/admin/customers", staffPage),
        page("GET", "/admin/customers/new", staffPage),
        page("POST", "/admin/customers", [303, 403, 403, 422, 422]),
        page("GET", "/admin/customers/{id}", at: "/admin/customers/:customerA", staffPage),
        page("POST", "/admin/customers/{id}", at: "/admin/customers/:customerA", [303, 403, 403, 428, 428]),
        page("POST", "/admin/customers/{id}/delete", at: "/admin/customers/:customerA/delete", [303, 403, 403, 409, 409]),
        page("GET", "/admin/customers/{id}/billing", at: "/admin/customers/:customerA/billing", staffPage),
        page("POST", "/admin/customers/{id}/dunning", at: "/admin/customers/:customerA/dunning", [303, 403, 403, 303, 303]),
        page("GET", "/admin/automation", staffPage),
        page("POST", "/admin/customers/{id}/credit", at: "/admin/customers/:customerA/credit", proof: "amount is required", [303, 403, 403, 422, 422]),
        page("GET", "/admin/invoices", staffPage),
        page("GET", "/admin/invoices/{id}", at: "/admin/invoices/:invoice", staffPage),
        page("POST", "/admin/invoices/{id}/payments", at: "/admin/invoices/:invoice/payments", proof: "amount is required", [303, 403, 403, 422, 422]),
        page("POST", "/admin/invoices/{id}/cancel", at: "/admin/invoices/:invoice/cancel", proof: "needs a current code", [303, 403, 403, 401, 401]),
        page("GET", "/admin/invoices/{id}/pdf", at: "/admin/invoices/:invoice/pdf", proof: "%PDF-", staffPage),
        page("POST", "/admin/invoices/{id}/credit-notes", at: "/admin/invoices/:invoice/credit-notes", proof: "amount is required", [303, 403, 403, 422, 422]),
        // Billing settings (admins): empty settings change nothing but need the code (401); an empty rate fails validation (422);
        // a delete asks for the code before it looks for the rate.
        page("GET", "/admin/settings/billing", [303, 403, 403, 403, 200]),
        page("POST", "/admin/settings/billing", [303, 403, 403, 403, 401]),
        page("GET", "/admin/settings/dunning", [303, 403, 403, 403, 200]),
        page("POST", "/admin/settings/dunning", [303, 403, 403, 403, 401]),
        page("POST", "/admin/settings/billing/tax-rates", [303, 403, 403, 403, 422]),
        page("POST", "/admin/settings/billing/tax-rates/{id}", at: "/admin/settings/billing/tax-rates/999999", [303, 403, 403, 403, 422]),
        page("POST", "/admin/settings/billing/tax-rates/{id}/delete", at: "/admin/settings/billing/tax-rates/999999/delete",
             [303, 403, 403, 403, 401]),
        page("GET", "/admin/orders", staffPage),
        page("GET", "/admin/orders/new", staffPage),
        page("POST", "/admin/orders", [303, 403, 403, 422, 422]),
        page("GET", "/admin/orders/{id}", at: "/admin/orders/:order", staffPage),
        page("POST", "/admin/orders/{id}", at: "/admin/orders/:order", proof: "Nothing to change", staffPage),
        page("POST", "/admin/orders/{id}/pay", at: "/admin/orders/:order/pay", proof: "code", [303, 403, 403, 401, 401]),
        page("POST", "/admin/orders/{id}/delete", at: "/admin/orders/:order/delete", proof: "code", [303, 403, 403, 401, 401]),
        page("GET", "/admin/servers", staffPage),
        page("GET", "/admin/servers/{id}", at: "/admin/servers/:server", staffPage),
        page("POST", "/admin/servers/{id}", at: "/admin/servers/:server", [303, 403, 403, 428, 428]),
        page("POST", "/admin/servers/{id}/actions/{action}", at: "/admin/servers/:server/actions/suspend", [303, 403, 403, 409, 409]),
        page("POST", "/admin/servers/{id}/credentials", at: "/admin/servers/:server/credentials", staffPage),
        page("POST", "/admin/servers/{id}/change-product", at: "/admin/servers/:server/change-product", [303, 403, 403, 422, 422]),
        page("POST", "/admin/servers/{id}/cancel", at: "/admin/servers/:server/cancel", proof: "choose the end of the period", [303, 403, 403, 422, 422]),
        page("POST", "/admin/servers/{id}/cancel/revert", at: "/admin/servers/:server/cancel/revert", [303, 403, 403, 409, 409]),
        page("GET", "/admin/tasks", staffPage),
        page("GET", "/admin/payments", staffPage),
        // A refund without an amount fails validation before the code or the payment is looked at.
        page("POST", "/admin/payments/{id}/refunds", at: "/admin/payments/999999999/refunds", proof: "amount is required", [303, 403, 403, 422, 422]),
        page("POST", "/admin/payments/refunds/{id}/settle", at: "/admin/payments/refunds/999999999/settle", proof: "gateway_refund_id must be",
             [303, 403, 403, 422, 422]),
        page("GET", "/admin/settings/payments", [303, 403, 403, 403, 200]),
        page("POST", "/admin/settings/payments/{gateway}", at: "/admin/settings/payments/:demoGateway", [303, 403, 403, 403, 401]),
        page("POST", "/admin/tasks/{id}/complete", at: "/admin/tasks/:task/complete", [303, 403, 403, 422, 422]),
        page("POST", "/admin/tasks/{id}/fail", at: "/admin/tasks/:task/fail", [303, 403, 403, 422, 422]),
        page("GET", "/admin/webhooks", staffPage),
        page("POST", "/admin/webhooks", [303, 403, 403, 403, 422]),
        page("POST", "/admin/webhooks/{id}/delete", at: "/admin/webhooks/999999/delete", [303, 403, 403, 403, 404]),
        page("POST", "/admin/webhooks/{id}/ping", at: "/admin/webhooks/999999/ping", [303, 403, 403, 403, 404]),
        page("POST", "/admin/webhooks/{id}/redeliver", at: "/admin/webhooks/999999/redeliver", [303, 403, 403, 403, 404]),
        page("POST", "/admin/webhooks/{id}/enable", at: "/admin/webhooks/999999/enable", [303, 403, 403, 403, 404]),
        page("POST", "/admin/webhooks/settings", [303, 403, 403, 403, 422]),
        page("GET", "/admin/outbox", staffPage),
        page("GET", "/admin/outbox/{id}", at: "/admin/outbox/999999", [303, 403, 403, 404, 404]),
        page("POST", "/admin/outbox/{id}/resend", at: "/admin/outbox/999999/resend", [303, 403, 403, 404, 404]),
        // Reports: a bad grouping proves staff got past the guards (400) whether or not the figures are available yet.
        page("GET", "/admin/reports", staffPage),
        page("GET", "/admin/reports/{kind}", at: "/admin/reports/:reportKind?group=year", [303, 403, 403, 400, 400]),
        page("GET", "/admin/reports/{kind}/csv", at: "/admin/reports/:reportKind/csv?group=year", [303, 403, 403, 400, 400]),
        page("GET", "/admin/settings/notifications", [303, 403, 403, 403, 200]),
        page("GET", "/admin/settings/notifications/templates", [303, 403, 403, 403, 200]),
        page("GET", "/admin/settings/notifications/templates/{event}/{channel}", at: "/admin/settings/notifications/templates/:templateEvent/:templateChannel", [303, 403, 403, 403, 200]),
        page("POST", "/admin/settings/notifications/templates/{event}/{channel}", at: "/admin/settings/notifications/templates/:templateEvent/:templateChannel", form: [("html", "{{#x}}")], [303, 403, 403, 403, 422]),
        page("POST", "/admin/settings/notifications/templates/{event}/{channel}/preview", at: "/admin/settings/notifications/templates/:templateEvent/:templateChannel/preview", [303, 403, 403, 403, 200]),
        page("POST", "/admin/settings/notifications/templates/{event}/{channel}/reset", at: "/admin/settings/notifications/templates/:templateEvent/:templateChannel/reset", [303, 403, 403, 403, 303]),
        page("POST", "/admin/settings/notifications", [303, 403, 403, 403, 401]),

        // Customer pages
        page("GET", "/my", customerPage),
        page("GET", "/my/orders", customerPage),
        page("GET", "/my/orders/{id}", at: "/my/orders/:order", [303, 200, 404, 403, 403]),
        page("GET", "/my/invoices", customerPage),
        page("GET", "/my/invoices/{id}", at: "/my/invoices/:invoice", [303, 200, 404, 403, 403]),
        page("GET", "/my/invoices/{id}/pdf", at: "/my/invoices/:invoice/pdf", [303, 200, 404, 403, 403]),
        page("POST", "/my/invoices/{id}/checkout", at: "/my/invoices/:invoice/checkout", [303, 422, 404, 403, 403]),
        // Saved cards: stripe is not enabled here, so adding one is refused after authorization (422 on `gateway`);
        // an empty auto-pay form is a 422 before the card is looked up; a card nobody has is 404.
        page("GET", "/my/account/payment-methods", customerPage),
        page("POST", "/my/account/payment-methods/setup", [303, 422, 422, 403, 403]),
        page("POST", "/my/account/payment-methods/{id}/remove", at: "/my/account/payment-methods/999999999/remove", [303, 404, 404, 403, 403]),
        page("POST", "/my/account/payment-methods/{id}/auto-pay", at: "/my/account/payment-methods/999999999/auto-pay", [303, 422, 422, 403, 403]),
        page("GET", "/my/servers", customerPage),
        page("GET", "/my/servers/{id}", at: "/my/servers/:server", [303, 200, 404, 403, 403]),
        page("POST", "/my/servers/{id}/credentials", at: "/my/servers/:server/credentials", form: [("password", "")], [303, 422, 404, 403, 403]),
        page("POST", "/my/servers/{id}/reboot", at: "/my/servers/:server/reboot", [303, 409, 404, 403, 403]),
        // An empty form: no `when` / `product_id`, read before the server is looked up (like the JSON twins): 422 for
        // both customers (B gets the plain "Invalid input" page, nothing of A's server).
        page("POST", "/my/servers/{id}/cancel", at: "/my/servers/:server/cancel", [303, 422, 422, 403, 403]),
        page("POST", "/my/servers/{id}/change-product", at: "/my/servers/:server/change-product", [303, 422, 422, 403, 403]),
        page("GET", "/my/account", customerPage),
        // Notification choices: a required event is refused by name, an empty number or code is refused; removing no number is harmless.
        page("GET", "/my/account/notifications", customerPage),
        page("POST", "/my/account/notifications", form: [("invoice.issued", "false")], [303, 422, 422, 403, 403]),
        page("POST", "/my/account/notifications/phone", [303, 422, 422, 403, 403]),
        page("POST", "/my/account/notifications/phone/confirm", [303, 422, 422, 403, 403]),
        page("POST", "/my/account/notifications/phone/remove", [303, 303, 303, 403, 403]),

        // JSON: accounts and tokens
        api("POST", "/api/v1/auth/register", json: "{}", [422, 422, 422, 422, 422]),
        api("POST", "/api/v1/auth/login", json: #"{"email": ":email", "password": "not the password"}"#, [401, 401, 401, 401, 401]),
        api("POST", "/api/v1/auth/password-reset", json: "{}", [422, 422, 422, 422, 422]),
        api("POST", "/api/v1/auth/verify-email", json: "{}", [422, 422, 422, 422, 422]),
        api("POST", "/api/v1/auth/password-reset/confirm", json: "{}", [422, 422, 422, 422, 422]),
        api("GET", "/api/v1/me", [401, 200, 200, 200, 200]),
        api("GET", "/api/v1/tokens", [401, 200, 200, 200, 200]),
        api("POST", "/api/v1/tokens", json: "{}", [401, 422, 422, 422, 422]),
        api("DELETE", "/api/v1/tokens/{id}", at: "/api/v1/tokens/:tokenA", [401, 204, 404, 404, 404]),
        api("GET", "/api/v1/account", [401, 200, 200, 200, 200]),
        api("PATCH", "/api/v1/account", json: #"{"name": ["not", "a", "name"]}"#, [401, 422, 422, 422, 422]),
        api("POST", "/api/v1/account/password", json: "{}", [401, 422, 422, 422, 422]),
        api("POST", "/api/v1/account/verification", json: "{}", [401, 409, 409, 409, 409]),
        api("GET", "/api/v1/account/sessions", [401, 200, 200, 200, 200]),
        api("GET", "/api/v1/account/notifications", [401, 200, 200, 200, 200]),
        api("PATCH", "/api/v1/account/notifications", json: #"{"invoice.issued": false}"#, [401, 422, 422, 422, 422]),
        api("GET", "/api/v1/account/phone", [401, 200, 200, 200, 200]),
        api("PUT", "/api/v1/account/phone", json: #"{"phone": "12"}"#, [401, 422, 422, 422, 422]),
        api("DELETE", "/api/v1/account/phone", [401, 200, 200, 200, 200]),
        api("POST", "/api/v1/account/phone/confirm", json: #"{"code": "1"}"#, [401, 422, 422, 422, 422]),
        api("POST", "/api/v1/account/sessions/end-others", [401, 200, 200, 200, 200]),
        api("POST", "/api/v1/account/2fa", [401, 200, 200, 409, 409]),
        api("POST", "/api/v1/account/2fa/confirm", json: "{}", [401, 422, 422, 409, 409]),
        api("POST", "/api/v1/account/2fa/recovery-codes", [401, 409, 409, 401, 401]),
        api("DELETE", "/api/v1/account/2fa", [401, 409, 409, 403, 403]),

        // JSON: catalog and customers
        api("GET", "/api/v1/dedicated-servers/products", [401, 200, 200, 200, 200]),
        api("POST", "/api/v1/dedicated-servers/products", json: "{}", [401, 403, 403, 422, 422]),
        api("GET", "/api/v1/dedicated-servers/products/{id}", at: "/api/v1/dedicated-servers/products/:product", [401, 200, 200, 200, 200]),
        api("PUT", "/api/v1/dedicated-servers/products/{id}", at: "/api/v1/dedicated-servers/products/:product", json: "{}", [401, 403, 403, 428, 428]),
        api("DELETE", "/api/v1/dedicated-servers/products/{id}", at: "/api/v1/dedicated-servers/products/:product", [401, 403, 403, 409, 409]),
        api("GET", "/api/v1/customers", staffAPI),
        api("POST", "/api/v1/customers", json: "{}", [401, 403, 403, 422, 422]),
        api("GET", "/api/v1/customers/{id}", at: "/api/v1/customers/:customerA", staffAPI),
        api("GET", "/api/v1/customers/{id}/billing", at: "/api/v1/customers/:customerA/billing", staffAPI),
        api("GET", "/api/v1/customers/{id}/dunning", at: "/api/v1/customers/:customerA/dunning", staffAPI),
        api("PATCH", "/api/v1/customers/{id}/dunning", at: "/api/v1/customers/:customerA/dunning", json: "{}", staffAPI),
        api("GET", "/api/v1/automation/runs", staffAPI),
        api("PATCH", "/api/v1/customers/{id}", at: "/api/v1/customers/:customerA", json: "{}", [401, 403, 403, 428, 428]),
        api("DELETE", "/api/v1/customers/{id}", at: "/api/v1/customers/:customerA", [401, 403, 403, 409, 409]),

        // JSON: orders
        api("GET", "/api/v1/orders", [401, 200, 200, 200, 200]),
        api("POST", "/api/v1/orders", json: "{}", [401, 422, 422, 422, 422]),
        api("GET", "/api/v1/orders/{id}", at: "/api/v1/orders/:order", ownedByA),
        api("PATCH", "/api/v1/orders/{id}", at: "/api/v1/orders/:order", json: "{}", [401, 403, 403, 428, 428]),
        api("DELETE", "/api/v1/orders/{id}", at: "/api/v1/orders/:order", headers: ["if-match": "\"x\""], [401, 403, 403, 400, 400]),
        api("POST", "/api/v1/orders/{id}/pay", at: "/api/v1/orders/:order/pay", headers: ["if-match": "\"x\""], [401, 403, 403, 400, 400]),

        // JSON: invoices (A's order issued :invoice). An empty payment fails validation before the code is asked
        // for; a cancellation without the code is 401 (the invoice belongs to A's pending order, so it is never cancelled here).
        api("GET", "/api/v1/invoices", [401, 200, 200, 200, 200]),
        api("GET", "/api/v1/invoices/{id}", at: "/api/v1/invoices/:invoice", ownedByA),
        api("POST", "/api/v1/invoices/{id}/payments", at: "/api/v1/invoices/:invoice/payments", json: "{}", [401, 403, 403, 422, 422]),
        api("POST", "/api/v1/invoices/{id}/cancel", at: "/api/v1/invoices/:invoice/cancel", [401, 403, 403, 401, 401]),
        api("GET", "/api/v1/invoices/{id}/pdf", at: "/api/v1/invoices/:invoice/pdf", ownedByA),
        api("POST", "/api/v1/invoices/{id}/credit-notes", at: "/api/v1/invoices/:invoice/credit-notes", json: "{}", [401, 403, 403, 422, 422]),
        // Credit: a customer reads their own (B gets 404 for A's); adding needs staff, and `{}` fails validation first.
        api("GET", "/api/v1/customers/{id}/credit", at: "/api/v1/customers/:customerA/credit", ownedByA),
        api("POST", "/api/v1/customers/{id}/credit", at: "/api/v1/customers/:customerA/credit", json: "{}", [401, 403, 403, 422, 422]),
        // Checkout: `{}` names no gateway (422, before the invoice is looked up, so B learns nothing of A's).
        api("POST", "/api/v1/invoices/{id}/checkout", at: "/api/v1/invoices/:invoice/checkout", json: "{}", [401, 422, 422, 422, 422]),
        api("GET", "/api/v1/payment-methods", [401, 200, 200, 403, 403]),
        api("POST", "/api/v1/payment-methods/setup", json: "{}", [401, 422, 422, 403, 403]),
        api("PATCH", "/api/v1/payment-methods/{id}", at: "/api/v1/payment-methods/999999999", json: "{}", [401, 422, 422, 403, 403]),
        api("DELETE", "/api/v1/payment-methods/{id}", at: "/api/v1/payment-methods/999999999", [401, 404, 404, 403, 403]),
        api("GET", "/api/v1/customers/{id}/payment-methods", at: "/api/v1/customers/:customerA/payment-methods", staffAPI),
        api("GET", "/api/v1/payments", staffAPI),
        api("GET", "/api/v1/payments/notifications", staffAPI),
        api("GET", "/api/v1/payments/attempts", staffAPI),
        api("POST", "/api/v1/payments/{id}/refunds", at: "/api/v1/payments/999999999/refunds", json: "{}", [401, 403, 403, 422, 422]),
        api("GET", "/api/v1/payments/refunds", staffAPI),
        api("POST", "/api/v1/payments/refunds/{id}/settle", at: "/api/v1/payments/refunds/999999999/settle", json: "{}", [401, 403, 403, 422, 422]),
        api("POST", "/api/v1/payments/refunds/{id}/refuse", at: "/api/v1/payments/refunds/999999999/refuse", json: "{}", [401, 403, 403, 422, 422]),
        api("GET", "/api/v1/settings/payments", [401, 403, 403, 403, 200]),
        api("PATCH", "/api/v1/settings/payments/{gateway}", at: "/api/v1/settings/payments/:demoGateway", json: "{}", [401, 403, 403, 403, 401]),
        api("GET", "/api/v1/settings/billing", [401, 403, 403, 403, 200]),
        api("PATCH", "/api/v1/settings/billing", json: "{}", [401, 403, 403, 403, 401]),
        api("GET", "/api/v1/settings/dunning", [401, 403, 403, 403, 200]),
        api("PATCH", "/api/v1/settings/dunning", json: "{}", [401, 403, 403, 403, 401]),
        api("GET", "/api/v1/tax-rates", [401, 403, 403, 403, 200]),
        api("POST", "/api/v1/tax-rates", json: "{}", [401, 403, 403, 403, 422]),
        api("PUT", "/api/v1/tax-rates/{id}", at: "/api/v1/tax-rates/999999", json: "{}", [401, 403, 403, 403, 422]),
        api("DELETE", "/api/v1/tax-rates/{id}", at: "/api/v1/tax-rates/999999", [401, 403, 403, 403, 401]),

        // JSON: servers and jobs
        api("POST", "/api/v1/dedicated-servers/provision", json: "{}", [401, 403, 403, 422, 422]),
        api("GET", "/api/v1/dedicated-servers/instances", [401, 200, 200, 200, 200]),
        api("GET", "/api/v1/dedicated-servers/instances/{id}", at: "/api/v1/dedicated-servers/instances/:server", ownedByA),
        api("PUT", "/api/v1/dedicated-servers/instances/{id}", at: "/api/v1/dedicated-servers/instances/:server", json: "{}", [401, 403, 403, 428, 428]),
        api("GET", "/api/v1/dedicated-servers/instances/{id}/status", at: "/api/v1/dedicated-servers/instances/:server/status", ownedByA),
        api("GET", "/api/v1/dedicated-servers/instances/{id}/credentials", at: "/api/v1/dedicated-servers/instances/:server/credentials", ownedByA),
        api("POST", "/api/v1/dedicated-servers/instances/{id}/suspend", at: "/api/v1/dedicated-servers/instances/:server/suspend", staffAction),
        api("POST", "/api/v1/dedicated-servers/instances/{id}/unsuspend", at: "/api/v1/dedicated-servers/instances/:server/unsuspend", staffAction),
        api("POST", "/api/v1/dedicated-servers/instances/{id}/terminate", at: "/api/v1/dedicated-servers/instances/:server/terminate", staffAction),
        api("POST", "/api/v1/dedicated-servers/instances/{id}/reboot", at: "/api/v1/dedicated-servers/instances/:server/reboot", [401, 409, 404, 409, 409]),
        // Cancel: `{}` has no `when` (422, read before the server is looked up). Revert: staff only; nothing pending is a 409.
        api("POST", "/api/v1/dedicated-servers/instances/{id}/cancel", at: "/api/v1/dedicated-servers/instances/:server/cancel", json: "{}",
            [401, 422, 422, 422, 422]),
        api("DELETE", "/api/v1/dedicated-servers/instances/{id}/cancel", at: "/api/v1/dedicated-servers/instances/:server/cancel",
            [401, 403, 403, 409, 409]),
        // Change product: `{}` has no `product_id` (422, read before the server is looked up).
        api("POST", "/api/v1/dedicated-servers/instances/{id}/change-product", at: "/api/v1/dedicated-servers/instances/:server/change-product",
            json: "{}", [401, 422, 422, 422, 422]),
        api("POST", "/api/v1/dedicated-servers/instances/{id}/retry", at: "/api/v1/dedicated-servers/instances/:server/retry", staffAction),
        api("GET", "/api/v1/jobs/{id}", at: "/api/v1/jobs/:job", ownedByA),

        // JSON: logs, dashboard, staff and the manual queue
        api("GET", "/api/v1/audit", staffAPI),
        api("GET", "/api/v1/sessions/logs", staffAPI),
        api("GET", "/api/v1/dashboard", staffAPI),
        api("GET", "/api/v1/staff", staffAPI),
        api("POST", "/api/v1/staff/{id}/reset-2fa", at: "/api/v1/staff/:staffMember/reset-2fa", [401, 403, 403, 403, 204]),
        api("GET", "/api/v1/tasks", staffAPI),
        api("POST", "/api/v1/tasks/{id}/complete", at: "/api/v1/tasks/:task/complete", json: "{}", [401, 403, 403, 422, 422]),
        api("POST", "/api/v1/tasks/{id}/fail", at: "/api/v1/tasks/:task/fail", json: "{}", [401, 403, 403, 422, 422]),

        // JSON: the outbox and how email leaves
        api("GET", "/api/v1/outbox", staffAPI),
        api("GET", "/api/v1/outbox/{id}", at: "/api/v1/outbox/999999", [401, 403, 403, 404, 404]),
        api("POST", "/api/v1/outbox/{id}/resend", at: "/api/v1/outbox/999999/resend", json: "{}", [401, 403, 403, 404, 404]),
        api("GET", "/api/v1/reports", staffAPI),
        api("GET", "/api/v1/reports/{kind}", at: "/api/v1/reports/:reportKind?group=year", [401, 403, 403, 400, 400]),
        api("GET", "/api/v1/settings/notifications", [401, 403, 403, 403, 200]),
        api("PATCH", "/api/v1/settings/notifications", json: "{}", [401, 403, 403, 403, 401]),
        api("GET", "/api/v1/customers/{id}/notifications", at: "/api/v1/customers/:customerA/notifications", staffAPI),
        api("GET", "/api/v1/settings/notifications/templates", [401, 403, 403, 403, 200]),
        api("GET", "/api/v1/settings/notifications/templates/{event}/{channel}", at: "/api/v1/settings/notifications/templates/:templateEvent/:templateChannel", [401, 403, 403, 403, 200]),
        api("PUT", "/api/v1/settings/notifications/templates/{event}/{channel}", at: "/api/v1/settings/notifications/templates/:templateEvent/:templateChannel", json: #"{"html": "{{#x}}"}"#, [401, 403, 403, 403, 422]),
        api("DELETE", "/api/v1/settings/notifications/templates/{event}/{channel}", at: "/api/v1/settings/notifications/templates/:templateEvent/:templateChannel", [401, 403, 403, 403, 200]),
        api("POST", "/api/v1/settings/notifications/templates/{event}/{channel}/preview", at: "/api/v1/settings/notifications/templates/:templateEvent/:templateChannel/preview", json: "{}", [401, 403, 403, 403, 200]),
        api("GET", "/api/v1/settings/notifications/sms", [401, 403, 403, 403, 200]),
        api("PATCH", "/api/v1/settings/notifications/sms", json: "{}", [401, 403, 403, 403, 401]),
        api("GET", "/api/v1/settings/notifications/channels", [401, 403, 403, 403, 200]),
        api("PATCH", "/api/v1/settings/notifications/channels/{name}", at: "/api/v1/settings/notifications/channels/:nosuch", json: "{}",
            [401, 403, 403, 403, 404]),
        api("GET", "/api/v1/settings/webhooks", [401, 403, 403, 200, 200]),
        api("PATCH", "/api/v1/settings/webhooks", json: "{}", [401, 403, 403, 403, 401]),

        // JSON: outgoing webhook subscriptions (staff read, admins manage)
        api("GET", "/api/v1/webhooks", staffAPI),
        api("GET", "/api/v1/webhooks/{id}", at: "/api/v1/webhooks/999999", [401, 403, 403, 404, 404]),
        api("GET", "/api/v1/webhooks/{id}/deliveries", at: "/api/v1/webhooks/999999/deliveries", [401, 403, 403, 404, 404]),
        api("POST", "/api/v1/webhooks", json: "{}", [401, 403, 403, 403, 422]),
        api("POST", "/api/webhooks/subscribe", json: "{}", [401, 403, 403, 403, 422]),
        api("DELETE", "/api/v1/webhooks/{id}", at: "/api/v1/webhooks/999999", [401, 403, 403, 403, 404]),
        api("POST", "/api/v1/webhooks/{id}/ping", at: "/api/v1/webhooks/999999/ping", json: "{}", [401, 403, 403, 403, 404]),
        api("POST", "/api/v1/webhooks/{id}/redeliver", at: "/api/v1/webhooks/999999/redeliver", json: "{}", [401, 403, 403, 403, 422]),
        api("POST", "/api/v1/webhooks/{id}/enable", at: "/api/v1/webhooks/999999/enable", json: "{}", [401, 403, 403, 403, 404]),
    ]

    // MARK: - The table covers the router exactly

    @Test("every registered route has exactly one row, and every row names a registered route")
    func tableCoversRouter() {
        let registered = Routes.all().registered.map { "\($0.method) \($0.pattern)" }
        let rows = Self.table.map(\.key)
        let duplicates = Dictionary(grouping: rows, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(duplicates.isEmpty, "rows listed twice: \(duplicates)")
        let missing = Set(registered).subtracting(rows).sorted()
        #expect(missing.isEmpty, "routes without a row in the authorization matrix (add one): \(missing)")
        let stale = Set(rows).subtracting(registered).sorted()
        #expect(stale.isEmpty, "rows for routes the router does not have: \(stale)")
        for row in Self.table {
            #expect(row.expected.count == Caller.allCases.count, "\(row.key): one status per caller")
            let params = row.pattern.split(separator: "/").filter { $0.hasPrefix("{") }.count
            let filled = row.path.split(separator: "/").filter { $0.hasPrefix(":") || Int($0) != nil }.count
            #expect(params == 0 || filled > 0, "\(row.key): the path must fill the parameters with real ids")
        }
    }

    /// The status the route's declared audience gives `caller` before any handler runs, or nil
    /// when the caller gets through to the handler.
    static func guardStatus(_ access: RouteAccess, row: Row, caller: Caller) -> Int? {
        let role: Role? = [nil, .customer, .customer, .staff, .admin][caller.rawValue]
        switch (access.audience, role) {
        case (.anyone, _): return nil
        case (_, nil): return row.isAPI ? 401 : 303
        case (.signedIn, _): return nil
        case (.customer, .customer?), (.staff, .staff?), (.staff, .admin?), (.admin, .admin?): return nil
        default: return 403
        }
    }

    @Test("every row agrees with its route's declared audience: who the guard refuses gets exactly that status")
    func tableAgreesWithAudiences() {
        let routes = Dictionary(uniqueKeysWithValues: Routes.all().registered.map { ("\($0.method) \($0.pattern)", $0.access) })
        for row in Self.table {
            guard let access = routes[row.key] else { continue }  // tableCoversRouter reports it
            for caller in Caller.allCases {
                guard let status = Self.guardStatus(access, row: row, caller: caller) else { continue }
                #expect(row.expected[caller.rawValue] == status,
                        "\(row.key) is declared for \(access.audience), so \(caller) gets \(status), but the table says \(row.expected[caller.rawValue])")
            }
        }
    }

    // MARK: - Running every cell

    /// Objects made in setup, and how each caller signs in.
    final class World {
        let connection: PostgresConnection
        let customerA: CustomerActor
        let customerB: CustomerActor
        let staff: StaffActor
        let admin: StaffActor
        let product: Product
        let order: Order
        let server: ServerInstance
        let job: Job
        let task: Int
        let parkedJob: Int
        var sessions: [Caller: (cookie: String, csrf: String)] = [:]

        init(connection: PostgresConnection) throws {
            self.connection = connection
            customerA = try Fixtures.customerActor(on: connection)
            customerB = try Fixtures.customerActor(on: connection)
            staff = try Fixtures.staffActor(on: connection, role: .staff)
            admin = try Fixtures.staffActor(on: connection, role: .admin)
            var input = ProductInput()
            input.scalars = ["name": "Matrix VPS \(UUID().uuidString.prefix(6))", "server_type": "vps", "cpu_cores": "2", "ram_gb": "4",
                             "storage_gb": "50", "price_monthly": "10.00", "setup_fee": "0", "provisioning_type": "manual",
                             "provisioning_module": "manual", "is_active": "true"]
            product = try Products.create(try ProductDraft.validate(input), on: connection, actor: .commandLine, origin: .commandLine)
            order = try OrderPlacement.place(
                customerID: customerA.user.id, lines: [OrderLine(productID: product.id, billingCycle: .monthly)], notes: "matrix",
                on: connection, actor: .commandLine, origin: .commandLine)
            let provisioned = try ServerActions.provision(
                customerID: customerA.user.id, productID: product.id, hostname: nil, operatingSystem: nil, by: admin.user, on: connection,
                origin: .commandLine)
            server = provisioned.server
            job = provisioned.job
            // An open build task of A's server (what the manual module opens when the runner takes the job).
            task = try connection.query(
                "INSERT INTO manual_tasks (instance_id, job_id, action) VALUES ($1, $2, 'provision') RETURNING id", [server.id, job.id]
            )[0].decode(Int.self, "id")
            // A job parked a day ahead keeps one job of A's server open for the whole run, so every server action
            // is refused after authorization with 409 ("already under way") whether or not the runner took the build.
            parkedJob = try connection.query(
                """
                INSERT INTO jobs (action, instance_id, customer_id, status, run_after, requested_label)
                VALUES ('status', $1, $2, 'queued', now() + interval '1 day', 'authorization matrix') RETURNING id
                """, [server.id, customerA.user.id])[0].decode(Int.self, "id")
            for caller in Caller.allCases where caller != .anonymous { sessions[caller] = try newSession(caller) }
        }

        func user(_ caller: Caller) -> User? {
            switch caller {
            case .anonymous: return nil
            case .customerA: return customerA.user
            case .customerB: return customerB.user
            case .staff: return staff.user
            case .admin: return admin.user
            }
        }

        func token(_ caller: Caller) -> String? {
            switch caller {
            case .anonymous: return nil
            case .customerA: return customerA.token
            case .customerB: return customerB.token
            case .staff: return staff.token
            case .admin: return admin.token
            }
        }

        /// The caller's stored browser session, replaced by a new one when a cell ended it.
        func liveSession(_ caller: Caller) throws -> (cookie: String, csrf: String) {
            if let stored = sessions[caller],
                try Sessions.find(token: String(stored.cookie.dropFirst("vps_session=".count)), on: connection) != nil
            {
                return stored
            }
            let made = try newSession(caller)
            sessions[caller] = made
            return made
        }

        func newSession(_ caller: Caller) throws -> (cookie: String, csrf: String) {
            let token = try Sessions.start(on: connection, user: user(caller)!, stage: .full, origin: .commandLine)
            let session = try #require(try Sessions.find(token: token, on: connection))
            return ("vps_session=\(token)", session.csrfToken)
        }

        /// Body values: `:email` becomes an address nobody has (sign-in throttles count per account).
        static func fill(_ text: String) -> String {
            text.replacingOccurrences(of: ":email", with: Fixtures.uniqueEmail("nobody"))
        }

        /// Removes the parked job and closes the task, so the runner and other tests never see them.
        func close() {
            _ = try? connection.query("DELETE FROM jobs WHERE id = $1", [parkedJob])
            _ = try? connection.query("UPDATE manual_tasks SET status = 'failed', outcome = 'authorization matrix', closed_at = now() WHERE id = $1", [task])
        }

        /// The concrete path of a cell; per-cell objects are made here.
        func path(_ template: String) throws -> String {
            var path = template
            let fixed: [(String, Int)] = [
                (":product", product.id), (":customerA", customerA.user.id), (":order", order.id), (":invoice", order.invoiceID ?? 0), (":server", server.id),
                (":job", job.id), (":task", task),
            ]
            for (name, id) in fixed { path = path.replacingOccurrences(of: name, with: String(id)) }
            // Gateways and checkout sessions are named, not numbered.
            for (name, value) in [(":demoGateway", "demo"), (":unknownGateway", "nosuch"), (":unknownSession", "cs_demo_nosuch"),
                                  (":templateEvent", "invoice.issued"), (":templateChannel", "email"), (":reportKind", "mrr")] {
                path = path.replacingOccurrences(of: name, with: value)
            }
            if path.contains(":tokenA") {
                let spare = try APITokens.issue(on: connection, user: customerA.user, name: "matrix spare", scope: .read,
                                                actor: .commandLine, origin: .commandLine)
                path = path.replacingOccurrences(of: ":tokenA", with: String(spare.record.id))
            }
            if path.contains(":staffMember") {
                let member = try Fixtures.enrolledStaff(on: connection, role: .staff).user
                path = path.replacingOccurrences(of: ":staffMember", with: String(member.id))
            }
            return path
        }
    }

    static func request(_ row: Row, caller: Caller, world: World) throws -> Request {
        var headers: [String: String] = row.headers
        var body: [UInt8] = []
        var csrf: String?
        if row.isAPI {
            if let token = world.token(caller) { headers["authorization"] = "Bearer \(token)" }
        } else if caller == .anonymous {
            if row.method != "GET" {
                let pair = try SecureRandom.token()
                headers["cookie"] = "vps_csrf=\(pair)"
                csrf = pair
            }
        } else {
            let session = row.freshSession ? try world.newSession(caller) : try world.liveSession(caller)
            headers["cookie"] = session.cookie
            csrf = session.csrf
        }
        switch row.body {
        case .none:
            if !row.isAPI, row.method != "GET", let csrf {
                headers["content-type"] = "application/x-www-form-urlencoded"
                body = Array("csrf_token=\(csrf)".utf8)
            }
        case .json(let text):
            headers["content-type"] = "application/json"
            body = Array(World.fill(text).utf8)
        case .form(let fields):
            headers["content-type"] = "application/x-www-form-urlencoded"
            body = Array((fields + (csrf.map { [("csrf_token", $0)] } ?? [])).map { name, value in
                "\(name)=\(World.fill(value).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }.joined(separator: "&").utf8)
        }
        var httpHeaders = HTTPHeaders()
        for (name, value) in headers { httpHeaders[name] = value }
        // Each cell from its own address, so the sign-in throttles of one cell never answer another.
        return Request(method: row.method, target: try world.path(row.path), headers: httpHeaders, body: body,
                       remoteAddress: "matrix-" + UUID().uuidString.prefix(8).lowercased())
    }

    /// The application as a worker builds it, with the checked-in API document (`static/openapi.json`).
    static func application() throws -> PortalApplication {
        let services = PortalServices(
            renderer: try PageRenderer(templatesDirectory: TestEnvironment.repositoryRoot + "/templates"),
            secrets: try SecretBox(key: try TestEnvironment.secretKey()),
            apiDocument: APIDocument.loadOrEmpty(path: TestEnvironment.repositoryRoot + "/static/openapi.json"))
        return PortalApplication.portal(services: services)
    }

    @Test("every cell of the matrix answers its exact status")
    func everyCell() throws {
        let connection = try TestEnvironment.connect()
        let application = try Self.application()
        let world = try World(connection: connection)
        defer { world.close() }
        var failures: [String] = []
        var cells = 0
        for row in Self.table {
            for caller in Caller.allCases {
                let request = try Self.request(row, caller: caller, world: world)
                let response = application.respond(to: request, connection: connection)
                cells += 1
                let expected = row.expected[caller.rawValue]
                let cell = "\(row.method) \(request.target) as \(caller)"
                if response.status.code != expected {
                    failures.append("\(cell): expected \(expected), got \(response.status.code) — \(response.text.prefix(300))")
                    continue
                }
                if response.status.code == 303, caller == .anonymous, !row.isAPI {
                    let location = response.header("Location") ?? ""
                    let guarded = ["/admin", "/my", "/account"].contains { row.pattern == $0 || row.pattern.hasPrefix($0 + "/") }
                    if guarded && !location.hasPrefix("/login") { failures.append("\(cell): redirected to \(location), not to /login") }
                }
                if let proof = row.proof, caller == .staff || caller == .admin, !response.text.contains(proof) {
                    failures.append("\(cell): the answer does not show \"\(proof)\" — \(response.text.prefix(300))")
                }
            }
        }
        #expect(cells == Self.table.count * Caller.allCases.count)
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
        print("authorization matrix: \(Self.table.count) routes × \(Caller.allCases.count) callers = \(cells) cells, \(failures.count) wrong")
    }

    @Test("an anonymous unsafe page request without the CSRF pair is refused with 403 on every route")
    func anonymousWithoutCSRF() throws {
        let connection = try TestEnvironment.connect()
        let application = try Self.application()
        let world = try World(connection: connection)
        defer { world.close() }
        for row in Self.table where !row.isAPI && row.method != "GET" {
            let request = Request(method: row.method, target: try world.path(row.path), headers: ["content-type": "application/x-www-form-urlencoded"],
                                  remoteAddress: "matrix-" + UUID().uuidString.prefix(8).lowercased())
            let response = application.respond(to: request, connection: connection)
            // The one exemption, declared with `RouteGroup.webhook`: a gateway's notification reaches its handler without CSRF.
            let expected = Routes.all().registered.contains { $0.pattern == row.pattern && $0.isSignedWebhook } ? row.expected[0] : 403
            #expect(response.status.code == expected, "\(row.method) \(request.target) without CSRF: \(response.status.code)")
        }
        #expect(Routes.all().registered.filter(\.isSignedWebhook).map(\.pattern) == ["/webhooks/{gateway}"], "only gateway notifications skip CSRF")
    }
}
