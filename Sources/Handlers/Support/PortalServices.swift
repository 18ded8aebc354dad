import Domain
import Views

/// The shared, read-only services every request may use.
public struct PortalServices: Sendable {
    public let renderer: PageRenderer
    public let twoFactor: TwoFactor
    public let authenticator: Authenticator
    /// Seals and opens server credentials.
    public let serverSecrets: ServerSecrets
    /// The OpenAPI document served at `/api/v1/openapi.json` and rendered at `/docs`.
    public let apiDocument: APIDocument
    /// Renders an invoice's PDF when a request finds none stored yet.
    public let invoicePDF: InvoicePDFMaker
    /// Payment gateway settings; opens their sealed secrets.
    public let paymentGateways: PaymentGateways
    /// This worker process's request counters (nil in tests and tools: nothing is counted).
    public var metrics: WorkerMetrics?
    /// Who may read `/metrics` (`VPS_METRICS_ALLOW`).
    public var metricsAllow = AddressAllowList.loopback

    /// `stylesheet` is the text of `static/css/portal.css`, inlined into invoice PDFs; `baseURL`
    /// is the portal's public address (`VPS_BASE_URL`), for payment gateways' return URLs.
    public init(renderer: PageRenderer, secrets: SecretBox, apiDocument: APIDocument = .empty, stylesheet: String = "",
                pdfEngine: HTMLToPDF = HTMLToPDF(), baseURL: String? = nil) {
        self.renderer = renderer
        self.invoicePDF = renderer.invoicePDFMaker(stylesheet: stylesheet, engine: pdfEngine)
        self.twoFactor = TwoFactor(box: secrets)
        self.authenticator = Authenticator(twoFactor: twoFactor)
        self.serverSecrets = ServerSecrets(box: secrets)
        self.paymentGateways = PaymentGateways(box: secrets, baseURL: baseURL)
        self.apiDocument = apiDocument
    }
}
