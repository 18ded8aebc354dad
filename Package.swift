// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "vps-portal",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vpsctl", targets: ["vpsctl"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CFastCGI", path: "Sources/CFastCGI"),
        .systemLibrary(name: "CPostgreSQL", path: "Sources/CPostgreSQL"),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL"),
        .systemLibrary(name: "CArgon2", path: "Sources/CArgon2"),
        .systemLibrary(name: "CQRencode", path: "Sources/CQRencode"),
        .systemLibrary(name: "CCmark", path: "Sources/CCmark"),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),
        .target(name: "Postgres", dependencies: ["CPostgreSQL"]),
        .target(name: "Domain", dependencies: ["Postgres", "COpenSSL", "CArgon2", "CCurl"]),
        .target(
            name: "Views",
            dependencies: ["Domain", "CQRencode", "CCmark"]
        ),
        .target(name: "Handlers", dependencies: ["Domain", "Views"]),
        // The libfcgi transport: accept loop, worker threads, FastCGI record ↔ Request/Response.
        .target(name: "FastCGI", dependencies: ["Handlers", "CFastCGI"]),
        // `vpsctl seed --customers/--servers/--orders`: benchmark-scale data, never loaded by workers.
        .target(name: "BenchSeed", dependencies: ["Domain", "Postgres"]),
        .executableTarget(
            name: "vpsctl",
            dependencies: [
                "Postgres", "Domain", "Views", "Handlers", "FastCGI", "BenchSeed",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["Postgres", "Domain"], path: "Tests/TestSupport"),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "TestSupport"]),
        .testTarget(name: "ViewsTests", dependencies: ["Views", "TestSupport"]),
        .testTarget(name: "HandlersTests", dependencies: ["Handlers", "FastCGI", "Views", "Domain", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "Domain", "Postgres"]),
    ],
    swiftLanguageModes: [.v6]
)
