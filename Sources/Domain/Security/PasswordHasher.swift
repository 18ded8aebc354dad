import CArgon2

/// Argon2id password hashing (libargon2), in the PHC string format.
///
/// Parameters follow OWASP's minimum: 19 MiB memory, 2 iterations, 1 lane.
public struct PasswordHasher: Sendable {
    public var memoryKiB: UInt32 = 19 * 1024
    public var iterations: UInt32 = 2
    public var parallelism: UInt32 = 1

    public init() {}

    /// Hashes `password` with a fresh 16-byte salt.
    public func hash(_ password: String) throws -> String {
        let salt = try SecureRandom.bytes(16)
        let length = argon2_encodedlen(iterations, memoryKiB, parallelism, UInt32(salt.count), 32, Argon2_id)
        var encoded = [CChar](repeating: 0, count: length)
        let bytes = Array(password.utf8)
        let result = argon2id_hash_encoded(
            iterations, memoryKiB, parallelism, bytes, bytes.count, salt, salt.count, 32, &encoded, length)
        try Argon2Error.check(result)
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// True when `password` matches `encoded`; false for a mismatch or a malformed hash.
    public func verify(_ password: String, against encoded: String) -> Bool {
        let bytes = Array(password.utf8)
        return argon2id_verify(encoded, bytes, bytes.count) == ARGON2_OK.rawValue
    }

    /// A real hash of a random password to verify against when the account does not
    /// exist, so an unknown email costs the same time as a wrong password.
    public static let decoyHash: String = {
        let password = (try? SecureRandom.token()) ?? "decoy"
        return (try? PasswordHasher().hash(password)) ?? ""
    }()
}

/// The error funnel for libargon2.
public struct Argon2Error: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public var description: String { "argon2: " + String(cString: argon2_error_message(code)) }

    static func check(_ result: Int32) throws {
        guard result == ARGON2_OK.rawValue else { throw Argon2Error(code: result) }
    }
}
