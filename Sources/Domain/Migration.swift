import Foundation

/// One numbered SQL file from `db/migrations`, named `NNNN_name.sql`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    /// SHA-256 of the file, to notice a migration edited after it was applied.
    public let checksum: String

    public init(version: Int, name: String, sql: String) throws {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = try Digest.sha256Hex(sql)
    }

    /// Reads every `NNNN_name.sql` file in `directory`, ordered by version.
    public static func load(from directory: String) throws -> [Migration] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        var migrations: [Migration] = []
        for file in files where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]) else {
                throw MigrationError.badFileName(file)
            }
            let sql = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            migrations.append(try Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (previous, next) in zip(migrations, migrations.dropFirst()) where previous.version == next.version {
            throw MigrationError.duplicateVersion(next.version)
        }
        return migrations
    }
}

/// Why migrations could not run.
public enum MigrationError: Error, Equatable, CustomStringConvertible {
    case badFileName(String)
    case duplicateVersion(Int)
    case changedAfterApply(version: Int, name: String)
    case failed(version: Int, name: String, message: String)

    public var description: String {
        switch self {
        case .badFileName(let file): return "migration file \(file) is not named NNNN_name.sql"
        case .duplicateVersion(let version): return "two migrations have version \(version)"
        case .changedAfterApply(let version, let name):
            return "migration \(version)_\(name) was edited after it was applied; add a new migration instead"
        case .failed(let version, let name, let message):
            return "migration \(version)_\(name) failed and was rolled back: \(message)"
        }
    }
}
