@testable import Domain
import Postgres
import TestSupport
import Testing

@Suite("Health check and digests")
struct HealthAndDigestTests {
    @Test("the database answers: healthy")
    func healthy() throws {
        #expect(HealthCheck.run(on: try TestEnvironment.connect()).isHealthy)
    }

    @Test("no database: unhealthy, without throwing")
    func unhealthy() {
        let connection = PostgresConnection(lazy: "host=127.0.0.1 port=1 dbname=none connect_timeout=2")
        #expect(!HealthCheck.run(on: connection).isHealthy)
    }

    @Test("SHA-256 matches the FIPS 180-2 vectors")
    func sha256() throws {
        #expect(try Digest.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try Digest.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
