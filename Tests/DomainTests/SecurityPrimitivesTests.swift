@testable import Domain
import Foundation
import Testing

@Suite("Security primitives")
struct SecurityPrimitivesTests {
    /// RFC 6238 Appendix B: seeds are the ASCII digits "1234567890" repeated to the hash size.
    static let vectors: [(time: Int64, sha1: String, sha256: String, sha512: String)] = [
        (59, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ]

    @Test("TOTP matches the RFC 6238 test vectors for SHA-1, SHA-256 and SHA-512")
    func rfc6238() throws {
        let seed = Array("12345678901234567890".utf8)
        let sha1 = TOTP(secret: seed, digits: 8, algorithm: .sha1)
        let sha256 = TOTP(secret: Array("12345678901234567890123456789012".utf8), digits: 8, algorithm: .sha256)
        let sha512 = TOTP(secret: Array("1234567890123456789012345678901234567890123456789012345678901234".utf8), digits: 8, algorithm: .sha512)
        for vector in Self.vectors {
            let date = Date(timeIntervalSince1970: TimeInterval(vector.time))
            #expect(try sha1.code(forStep: sha1.step(at: date)) == vector.sha1)
            #expect(try sha256.code(forStep: sha256.step(at: date)) == vector.sha256)
            #expect(try sha512.code(forStep: sha512.step(at: date)) == vector.sha512)
        }
    }

    @Test("TOTP accepts one step of drift either way, nothing further, and only digits")
    func window() throws {
        let totp = TOTP(secret: try TOTP.newSecret())
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let step = totp.step(at: now)
        #expect(try totp.matchingStep(for: totp.code(forStep: step), at: now) == step)
        #expect(try totp.matchingStep(for: totp.code(forStep: step - 1), at: now) == step - 1)
        #expect(try totp.matchingStep(for: totp.code(forStep: step + 1), at: now) == step + 1)
        #expect(try totp.matchingStep(for: totp.code(forStep: step + 2), at: now) == nil)
        #expect(try totp.matchingStep(for: "12345a", at: now) == nil)
        #expect(try totp.matchingStep(for: "", at: now) == nil)
        #expect(totp.provisioningURI(account: "ann@example.com", issuer: "VPS Portal")
            .hasPrefix("otpauth://totp/VPS%20Portal%3Aann@example.com?secret="))
    }

    @Test("base32 follows RFC 4648")
    func base32() {
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Base32.decode("mzxw 6ytb-oi======") == Array("foobar".utf8))
        #expect(Base32.decode("not base32!") == nil)
    }

    @Test("Argon2id hashes with at least 19 MiB and 2 passes, verifies, and refuses wrong passwords")
    func argon2() throws {
        let hasher = PasswordHasher()
        let hash = try hasher.hash("correct horse battery staple")
        #expect(hash.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(!hash.contains("correct horse"))
        #expect(hasher.verify("correct horse battery staple", against: hash))
        #expect(!hasher.verify("correct horse battery stapl", against: hash))
        #expect(try hasher.hash("same") != hasher.hash("same"))
        #expect(!hasher.verify("anything", against: PasswordHasher.decoyHash))
        #expect(PasswordHasher.decoyHash.hasPrefix("$argon2id$"))
    }

    @Test("an unknown account costs the same Argon2 work as a wrong password")
    func decoyTiming() throws {
        let hasher = PasswordHasher()
        let real = try hasher.hash("a real password here")
        // The work is fixed by the parameters in the encoded hash: they must be the same.
        func parameters(_ hash: String) -> Substring { hash.split(separator: "$")[2] }
        #expect(parameters(real) == parameters(PasswordHasher.decoyHash))
        // And measured: the fastest of several interleaved runs, so a busy machine (other tests,
        // another process) slows both sides alike instead of skewing one.
        func time(_ hash: String) -> Duration {
            ContinuousClock().measure { _ = hasher.verify("wrong password", against: hash) }
        }
        var wrong = Duration.seconds(1_000), unknown = Duration.seconds(1_000)
        for _ in 0..<9 {
            wrong = min(wrong, time(real))
            unknown = min(unknown, time(PasswordHasher.decoyHash))
        }
        let ratio = wrong / unknown
        // Loose on purpose: the parameters above prove equal work; this only catches a decoy
        // that skips hashing (which would be hundreds of times faster).
        #expect(ratio > 0.25 && ratio < 4.0, "wrong password \(wrong) vs unknown account \(unknown)")
    }

    @Test("AES-256-GCM seals, opens, and refuses a wrong context, tampering or a wrong key")
    func secretBox() throws {
        let box = try SecretBox(key: try SecureRandom.bytes(32))
        let sealed = try box.seal("root password: hunter2", context: "instance:1")
        #expect(!String(decoding: sealed, as: UTF8.self).contains("hunter2"))
        #expect(try box.openText(sealed, context: "instance:1") == "root password: hunter2")
        #expect(throws: SecretBoxError.cannotOpen) { try box.open(sealed, context: "instance:2") }
        var tampered = sealed
        tampered[14] ^= 1
        #expect(throws: SecretBoxError.cannotOpen) { try box.open(tampered, context: "instance:1") }
        let other = try SecretBox(key: try SecureRandom.bytes(32))
        #expect(throws: SecretBoxError.cannotOpen) { try other.open(sealed, context: "instance:1") }
        #expect(throws: SecretBoxError.self) { try SecretBox(key: [1, 2, 3]) }
    }
}
