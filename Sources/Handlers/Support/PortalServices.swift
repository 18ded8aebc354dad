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

    public init(renderer: PageRenderer, secrets: SecretBox, apiDocument: APIDocument = .empty) {
        self.renderer = renderer
        self.twoFactor = TwoFactor(box: secrets)
        self.authenticator = Authenticator(twoFactor: twoFactor)
        self.serverSecrets = ServerSecrets(box: secrets)
        self.apiDocument = apiDocument
    }
}
