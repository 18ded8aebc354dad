@testable import Domain
import Handlers
import TestSupport
import Views

/// The services a worker builds, made from the repository's templates and the test stack's key.
enum TestServices {
    static func make() throws -> PortalServices {
        PortalServices(
            renderer: try PageRenderer(templatesDirectory: TestEnvironment.repositoryRoot + "/templates"),
            secrets: try SecretBox(key: try TestEnvironment.secretKey()),
            stylesheet: (try? String(contentsOfFile: TestEnvironment.repositoryRoot + "/static/css/portal.css", encoding: .utf8)) ?? "")
    }

    /// The authenticator the workers use (same sealing key), for checking passwords and codes.
    static func authenticator() throws -> Authenticator {
        Authenticator(twoFactor: TwoFactor(box: try Fixtures.box()))
    }
}
