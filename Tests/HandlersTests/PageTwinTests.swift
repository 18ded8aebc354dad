@testable import Domain
@testable import Handlers
import Testing

/// Every page has its JSON twin (issue 13): for each GET/POST page route of the router, either
/// the JSON routes that do the same through the same Domain use case, or the reason it is a page
/// only. A page route added without either fails this suite, and so does an entry that names a
/// route the router does not have.
@Suite("Every page route has a JSON twin, or a reason to be a page only")
struct PageTwinTests {
    /// Page route → its JSON twins (`METHOD /pattern`).
    static let twins: [String: [String]] = [
        // Sign-in and registration
        "POST /login": ["POST /api/v1/auth/login"],
        "POST /login/2fa": ["POST /api/v1/auth/login"],
        "POST /register": ["POST /api/v1/auth/register"],
        "POST /password/forgot": ["POST /api/v1/auth/password-reset"],
        "POST /password/reset": ["POST /api/v1/auth/password-reset/confirm"],
        "GET /verify-email": ["POST /api/v1/auth/verify-email"],
        "GET /catalog": ["GET /api/v1/dedicated-servers/products"],
        "GET /docs": ["GET /api/v1/openapi.json"],

        // The account (staff and customers)
        "GET /account": ["GET /api/v1/account", "GET /api/v1/account/sessions", "GET /api/v1/tokens"],
        "GET /my/account": ["GET /api/v1/account", "GET /api/v1/account/sessions", "GET /api/v1/tokens"],
        "POST /account/profile": ["PATCH /api/v1/account"],
        "POST /account/password": ["POST /api/v1/account/password"],
        "POST /account/verification": ["POST /api/v1/account/verification"],
        "POST /account/tokens": ["POST /api/v1/tokens"],
        "POST /account/tokens/{id}/revoke": ["DELETE /api/v1/tokens/{id}"],
        "POST /account/sessions/end-others": ["POST /api/v1/account/sessions/end-others"],
        "GET /account/2fa": ["POST /api/v1/account/2fa"],
        "POST /account/2fa": ["POST /api/v1/account/2fa/confirm"],
        "POST /account/2fa/recovery-codes": ["POST /api/v1/account/2fa/recovery-codes"],
        "POST /account/2fa/disable": ["DELETE /api/v1/account/2fa"],

        // Customers' own orders and servers
        "POST /catalog/{id}/order": ["POST /api/v1/orders"],
        "GET /my/orders": ["GET /api/v1/orders"],
        "GET /my/orders/{id}": ["GET /api/v1/orders/{id}"],
        "GET /my/invoices": ["GET /api/v1/invoices"],
        "GET /my/invoices/{id}": ["GET /api/v1/invoices/{id}"],
        "GET /my/invoices/{id}/pdf": ["GET /api/v1/invoices/{id}/pdf"],
        "POST /my/invoices/{id}/checkout": ["POST /api/v1/invoices/{id}/checkout"],
        "GET /my/account/notifications": ["GET /api/v1/account/notifications", "GET /api/v1/account/phone"],
        "POST /my/account/notifications": ["PATCH /api/v1/account/notifications"],
        "POST /my/account/notifications/phone": ["PUT /api/v1/account/phone"],
        "POST /my/account/notifications/phone/confirm": ["POST /api/v1/account/phone/confirm"],
        "POST /my/account/notifications/phone/remove": ["DELETE /api/v1/account/phone"],
        "GET /my/account/payment-methods": ["GET /api/v1/payment-methods"],
        "POST /my/account/payment-methods/setup": ["POST /api/v1/payment-methods/setup"],
        "POST /my/account/payment-methods/{id}/remove": ["DELETE /api/v1/payment-methods/{id}"],
        "POST /my/account/payment-methods/{id}/auto-pay": ["PATCH /api/v1/payment-methods/{id}"],
        "GET /my/servers": ["GET /api/v1/dedicated-servers/instances"],
        "GET /my/servers/{id}": ["GET /api/v1/dedicated-servers/instances/{id}", "GET /api/v1/dedicated-servers/instances/{id}/status"],
        "POST /my/servers/{id}/credentials": ["GET /api/v1/dedicated-servers/instances/{id}/credentials"],
        "POST /my/servers/{id}/reboot": ["POST /api/v1/dedicated-servers/instances/{id}/reboot"],
        "POST /my/servers/{id}/cancel": ["POST /api/v1/dedicated-servers/instances/{id}/cancel"],
        "POST /my/servers/{id}/change-product": ["POST /api/v1/dedicated-servers/instances/{id}/change-product"],

        // Staff
        "GET /admin": ["GET /api/v1/dashboard"],
        "GET /admin/staff": ["GET /api/v1/staff"],
        "POST /admin/staff/{id}/reset-2fa": ["POST /api/v1/staff/{id}/reset-2fa"],
        "GET /admin/audit": ["GET /api/v1/audit"],
        "GET /admin/sessions": ["GET /api/v1/sessions/logs"],
        "GET /admin/products": ["GET /api/v1/dedicated-servers/products"],
        "POST /admin/products": ["POST /api/v1/dedicated-servers/products"],
        "GET /admin/products/{id}": ["GET /api/v1/dedicated-servers/products/{id}"],
        "POST /admin/products/{id}": ["PUT /api/v1/dedicated-servers/products/{id}"],
        "POST /admin/products/{id}/active": ["PUT /api/v1/dedicated-servers/products/{id}"],
        "POST /admin/products/{id}/delete": ["DELETE /api/v1/dedicated-servers/products/{id}"],
        "GET /admin/customers": ["GET /api/v1/customers"],
        "POST /admin/customers": ["POST /api/v1/customers"],
        "GET /admin/customers/{id}": ["GET /api/v1/customers/{id}", "GET /api/v1/orders", "GET /api/v1/customers/{id}/notifications"],
        "POST /admin/customers/{id}": ["PATCH /api/v1/customers/{id}"],
        "POST /admin/customers/{id}/delete": ["DELETE /api/v1/customers/{id}"],
        "GET /admin/customers/{id}/billing": ["GET /api/v1/customers/{id}/billing", "GET /api/v1/customers/{id}/dunning"],
        "POST /admin/customers/{id}/dunning": ["PATCH /api/v1/customers/{id}/dunning"],
        "GET /admin/automation": ["GET /api/v1/automation/runs"],
        "POST /admin/customers/{id}/credit": ["POST /api/v1/customers/{id}/credit"],
        "GET /admin/invoices": ["GET /api/v1/invoices"],
        "GET /admin/invoices/{id}": ["GET /api/v1/invoices/{id}"],
        "POST /admin/invoices/{id}/payments": ["POST /api/v1/invoices/{id}/payments"],
        "POST /admin/invoices/{id}/cancel": ["POST /api/v1/invoices/{id}/cancel"],
        "GET /admin/invoices/{id}/pdf": ["GET /api/v1/invoices/{id}/pdf"],
        "POST /admin/invoices/{id}/credit-notes": ["POST /api/v1/invoices/{id}/credit-notes"],
        "GET /admin/settings/billing": ["GET /api/v1/settings/billing", "GET /api/v1/tax-rates"],
        "POST /admin/settings/billing": ["PATCH /api/v1/settings/billing"],
        "GET /admin/settings/dunning": ["GET /api/v1/settings/dunning"],
        "POST /admin/settings/dunning": ["PATCH /api/v1/settings/dunning"],
        "POST /admin/settings/billing/tax-rates": ["POST /api/v1/tax-rates"],
        "POST /admin/settings/billing/tax-rates/{id}": ["PUT /api/v1/tax-rates/{id}"],
        "POST /admin/settings/billing/tax-rates/{id}/delete": ["DELETE /api/v1/tax-rates/{id}"],
        "GET /admin/orders": ["GET /api/v1/orders"],
        "POST /admin/orders": ["POST /api/v1/orders"],
        "GET /admin/orders/{id}": ["GET /api/v1/orders/{id}"],
        "POST /admin/orders/{id}": ["PATCH /api/v1/orders/{id}"],
        "POST /admin/orders/{id}/pay": ["POST /api/v1/orders/{id}/pay"],
        "POST /admin/orders/{id}/delete": ["DELETE /api/v1/orders/{id}"],
        "GET /admin/servers": ["GET /api/v1/dedicated-servers/instances"],
        "GET /admin/servers/{id}": ["GET /api/v1/dedicated-servers/instances/{id}", "GET /api/v1/dedicated-servers/instances/{id}/status"],
        "POST /admin/servers/{id}": ["PUT /api/v1/dedicated-servers/instances/{id}"],
        "POST /admin/servers/{id}/actions/{action}": [
            "POST /api/v1/dedicated-servers/instances/{id}/suspend", "POST /api/v1/dedicated-servers/instances/{id}/unsuspend",
            "POST /api/v1/dedicated-servers/instances/{id}/terminate", "POST /api/v1/dedicated-servers/instances/{id}/reboot",
            "POST /api/v1/dedicated-servers/instances/{id}/retry",
        ],
        "POST /admin/servers/{id}/credentials": ["GET /api/v1/dedicated-servers/instances/{id}/credentials"],
        "POST /admin/servers/{id}/change-product": ["POST /api/v1/dedicated-servers/instances/{id}/change-product"],
        "POST /admin/servers/{id}/cancel": ["POST /api/v1/dedicated-servers/instances/{id}/cancel"],
        "POST /admin/servers/{id}/cancel/revert": ["DELETE /api/v1/dedicated-servers/instances/{id}/cancel"],
        "GET /admin/tasks": ["GET /api/v1/tasks"],
        "GET /admin/webhooks": ["GET /api/v1/webhooks", "GET /api/v1/webhooks/{id}/deliveries", "GET /api/v1/settings/webhooks"],
        "POST /admin/webhooks/settings": ["PATCH /api/v1/settings/webhooks"],
        "POST /admin/webhooks": ["POST /api/v1/webhooks"],
        "POST /admin/webhooks/{id}/delete": ["DELETE /api/v1/webhooks/{id}"],
        "POST /admin/webhooks/{id}/ping": ["POST /api/v1/webhooks/{id}/ping"],
        "POST /admin/webhooks/{id}/redeliver": ["POST /api/v1/webhooks/{id}/redeliver"],
        "POST /admin/webhooks/{id}/enable": ["POST /api/v1/webhooks/{id}/enable"],
        "GET /admin/payments": ["GET /api/v1/payments", "GET /api/v1/payments/notifications", "GET /api/v1/payments/attempts", "GET /api/v1/payments/refunds"],
        "POST /admin/payments/{id}/refunds": ["POST /api/v1/payments/{id}/refunds"],
        "POST /admin/payments/refunds/{id}/settle": ["POST /api/v1/payments/refunds/{id}/settle", "POST /api/v1/payments/refunds/{id}/refuse"],
        "GET /admin/settings/payments": ["GET /api/v1/settings/payments"],
        "POST /admin/settings/payments/{gateway}": ["PATCH /api/v1/settings/payments/{gateway}"],
        "POST /admin/tasks/{id}/complete": ["POST /api/v1/tasks/{id}/complete"],
        "POST /admin/tasks/{id}/fail": ["POST /api/v1/tasks/{id}/fail"],
        "GET /admin/outbox": ["GET /api/v1/outbox"],
        "GET /admin/outbox/{id}": ["GET /api/v1/outbox/{id}"],
        "POST /admin/outbox/{id}/resend": ["POST /api/v1/outbox/{id}/resend"],
        "GET /admin/reports": ["GET /api/v1/reports"],
        "GET /admin/reports/{kind}": ["GET /api/v1/reports/{kind}"],
        "GET /admin/reports/{kind}/csv": ["GET /api/v1/reports/{kind}"],
        "GET /admin/settings/notifications": ["GET /api/v1/settings/notifications"],
        "POST /admin/settings/notifications": ["PATCH /api/v1/settings/notifications"],
        "GET /admin/settings/notifications/templates": ["GET /api/v1/settings/notifications/templates"],
        "GET /admin/settings/notifications/templates/{event}/{channel}": ["GET /api/v1/settings/notifications/templates/{event}/{channel}",
                                                                          "POST /api/v1/settings/notifications/templates/{event}/{channel}/preview"],
        "POST /admin/settings/notifications/templates/{event}/{channel}": ["PUT /api/v1/settings/notifications/templates/{event}/{channel}"],
        "POST /admin/settings/notifications/templates/{event}/{channel}/preview": ["POST /api/v1/settings/notifications/templates/{event}/{channel}/preview"],
        "POST /admin/settings/notifications/templates/{event}/{channel}/reset": ["DELETE /api/v1/settings/notifications/templates/{event}/{channel}"],
    ]

    /// Page routes with no JSON twin, and why.
    static let pageOnly: [String: String] = [
        "GET /health": "answers JSON itself (monitors and nginx call it)",
        "GET /metrics": "Prometheus' text format for the scraper, from allowed addresses only",
        "GET /": "only redirects to the caller's start page or the sign-in page",
        "GET /my": "the customer's start page: links to orders, invoices, servers and the account; its amount-due banner sums what GET /api/v1/invoices?status=unpaid lists",
        "GET /login": "the sign-in form; JSON clients post email, password and totp to POST /api/v1/auth/login",
        "GET /login/2fa": "the browser's second sign-in step; JSON clients send totp with the login itself",
        "POST /logout": "ends the browser session (cookie); a JSON client revokes its token with DELETE /api/v1/tokens/{id}",
        "GET /register": "the registration form; JSON clients post to POST /api/v1/auth/register",
        "GET /password/forgot": "the forgotten-password form; JSON clients post to POST /api/v1/auth/password-reset",
        "GET /password/reset": "the form an emailed link opens; JSON clients post the token to POST /api/v1/auth/password-reset/confirm",
        "GET /docs/try": "Swagger UI, a browser tool for trying the JSON API itself",
        "GET /admin/products/new": "a blank form; JSON clients POST the product",
        "GET /admin/customers/new": "a blank form; JSON clients POST the customer",
        "POST /webhooks/{gateway}": "not a page: a payment gateway's signed notification (machine to machine, answers JSON)",
        "GET /pay/demo/{session}": "the demo gateway's own hosted payment page (a real gateway's page is not the portal's); POST /api/v1/invoices/{id}/checkout gives its URL",
        "POST /pay/demo/{session}/pay": "the demo gateway's hosted page: paying happens at the gateway, the portal learns of it by POST /webhooks/demo",
        "POST /pay/demo/{session}/decline": "the demo gateway's hosted page: declining happens at the gateway",
        "GET /admin/orders/new": "a blank form with the catalog; JSON clients POST the order (GET /api/v1/dedicated-servers/products lists the catalog)",
    ]

    static var routes: [String: Router.Route] {
        Dictionary(uniqueKeysWithValues: Routes.all().registered.map { ("\($0.method) \($0.pattern)", $0) })
    }

    static func isPage(_ key: String) -> Bool {
        !key.split(separator: " ")[1].hasPrefix("/api/")
    }

    /// The roles an audience admits (anonymous callers aside).
    static func roles(_ audience: Audience) -> Set<Role> {
        switch audience {
        case .anyone, .signedIn: return [.customer, .staff, .admin]
        case .customer: return [.customer]
        case .staff: return [.staff, .admin]
        case .admin: return [.admin]
        }
    }

    @Test("every page route of the router has a twin or a page-only reason, and only one of them")
    func everyPageRouteIsListed() {
        let pages = Set(Self.routes.keys.filter(Self.isPage))
        let listed = Set(Self.twins.keys).union(Self.pageOnly.keys)
        let missing = pages.subtracting(listed).sorted()
        #expect(missing.isEmpty, "page routes without a JSON twin or a page-only reason (add a twin, or say why there is none): \(missing)")
        let both = Set(Self.twins.keys).intersection(Self.pageOnly.keys).sorted()
        #expect(both.isEmpty, "listed both with a twin and as page-only: \(both)")
        for (page, reason) in Self.pageOnly { #expect(reason.count >= 20, "\(page): say why it is a page only") }
    }

    @Test("every entry names a registered page route, and every twin a registered JSON route")
    func entriesNameRegisteredRoutes() {
        let routes = Self.routes
        let stale = Set(Self.twins.keys).union(Self.pageOnly.keys).filter { routes[$0] == nil }.sorted()
        #expect(stale.isEmpty, "entries for routes the router does not have: \(stale)")
        let notPages = Set(Self.twins.keys).union(Self.pageOnly.keys).filter { !Self.isPage($0) }.sorted()
        #expect(notPages.isEmpty, "entries that are JSON routes, not pages: \(notPages)")
        for (page, twins) in Self.twins {
            #expect(!twins.isEmpty, "\(page): name its twins or move it to the page-only list")
            for twin in twins {
                #expect(routes[twin] != nil, "\(page): its twin \(twin) is not a route")
                #expect(!Self.isPage(twin), "\(page): its twin \(twin) is not under /api/")
            }
        }
    }

    @Test("a page and its twin ask for the same step-up, and the twin serves everyone the page serves")
    func twinsAgreeOnAccess() {
        let routes = Self.routes
        for (page, twins) in Self.twins {
            guard let pageRoute = routes[page] else { continue }  // entriesNameRegisteredRoutes reports it
            for twin in twins {
                guard let twinRoute = routes[twin] else { continue }
                #expect(pageRoute.access.stepUp == twinRoute.access.stepUp,
                        "\(page) step-up \(pageRoute.access.stepUp), its twin \(twin) \(twinRoute.access.stepUp)")
                let unserved = Self.roles(pageRoute.access.audience).subtracting(Self.roles(twinRoute.access.audience))
                #expect(unserved.isEmpty, "\(page) serves \(unserved.map(\.rawValue).sorted()), its twin \(twin) does not")
            }
        }
    }
}
