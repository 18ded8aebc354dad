import COpenSSL
import Foundation

/// Seals secrets at rest with AES-256-GCM under one 32-byte key.
///
/// Sealed form: 12-byte random nonce ‖ ciphertext ‖ 16-byte tag. `context` is bound
/// as additional authenticated data, so a value sealed for one row or column cannot
/// be moved to another and still open.
public struct SecretBox: Sendable {
    private let key: [UInt8]

    public init(key: [UInt8]) throws {
        guard key.count == 32 else { throw SecretBoxError.badKey("the key must be 32 bytes, not \(key.count)") }
        self.key = key
    }

    /// Reads the key from a file of exactly 32 bytes.
    public init(keyFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SecretBoxError.badKey("cannot read the key file \(path)")
        }
        try self.init(key: Array(data))
    }

    public func seal(_ plaintext: [UInt8], context: String) throws -> [UInt8] {
        let nonce = try SecureRandom.bytes(12)
        let cipher = try Cipher()
        let aad = Array(context.utf8)
        var output = [UInt8](repeating: 0, count: plaintext.count + 16)
        var length: Int32 = 0
        try OpenSSLError.check(EVP_EncryptInit_ex(cipher.context, EVP_aes_256_gcm(), nil, key, nonce), "EVP_EncryptInit_ex")
        try OpenSSLError.check(EVP_EncryptUpdate(cipher.context, nil, &length, aad, Int32(aad.count)), "EVP_EncryptUpdate(aad)")
        try OpenSSLError.check(EVP_EncryptUpdate(cipher.context, &output, &length, plaintext, Int32(plaintext.count)), "EVP_EncryptUpdate")
        var tail: Int32 = 0
        try OpenSSLError.check(EVP_EncryptFinal_ex(cipher.context, &output[Int(length)], &tail), "EVP_EncryptFinal_ex")
        var tag = [UInt8](repeating: 0, count: 16)
        try OpenSSLError.check(EVP_CIPHER_CTX_ctrl(cipher.context, EVP_CTRL_GCM_GET_TAG, 16, &tag), "EVP_CTRL_GCM_GET_TAG")
        return nonce + output.prefix(plaintext.count) + tag
    }

    public func open(_ sealed: [UInt8], context: String) throws -> [UInt8] {
        guard sealed.count >= 28 else { throw SecretBoxError.cannotOpen }
        let nonce = Array(sealed.prefix(12)), tag = Array(sealed.suffix(16))
        let body = Array(sealed.dropFirst(12).dropLast(16))
        let cipher = try Cipher()
        let aad = Array(context.utf8)
        var output = [UInt8](repeating: 0, count: body.count + 16)
        var length: Int32 = 0
        try OpenSSLError.check(EVP_DecryptInit_ex(cipher.context, EVP_aes_256_gcm(), nil, key, nonce), "EVP_DecryptInit_ex")
        try OpenSSLError.check(EVP_DecryptUpdate(cipher.context, nil, &length, aad, Int32(aad.count)), "EVP_DecryptUpdate(aad)")
        try OpenSSLError.check(EVP_DecryptUpdate(cipher.context, &output, &length, body, Int32(body.count)), "EVP_DecryptUpdate")
        var tagCopy = tag
        try OpenSSLError.check(EVP_CIPHER_CTX_ctrl(cipher.context, EVP_CTRL_GCM_SET_TAG, 16, &tagCopy), "EVP_CTRL_GCM_SET_TAG")
        var tail: Int32 = 0
        guard EVP_DecryptFinal_ex(cipher.context, &output[Int(length)], &tail) == 1 else {
            throw SecretBoxError.cannotOpen
        }
        return Array(output.prefix(body.count))
    }

    public func seal(_ text: String, context: String) throws -> [UInt8] {
        try seal(Array(text.utf8), context: context)
    }

    public func openText(_ sealed: [UInt8], context: String) throws -> String {
        String(decoding: try open(sealed, context: context), as: UTF8.self)
    }

    private final class Cipher {
        let context: OpaquePointer
        init() throws {
            guard let context = EVP_CIPHER_CTX_new() else { throw OpenSSLError(operation: "EVP_CIPHER_CTX_new", reason: "out of memory") }
            self.context = context
        }
        deinit { EVP_CIPHER_CTX_free(context) }
    }
}

public enum SecretBoxError: Error, Equatable, CustomStringConvertible {
    case badKey(String)
    case cannotOpen

    public var description: String {
        switch self {
        case .badKey(let reason): return "secret key: \(reason)"
        case .cannotOpen: return "a sealed value could not be opened (wrong key or tampered data)"
        }
    }
}
