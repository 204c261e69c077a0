// swift-tools-version:6.0
import PackageDescription

// Module map (dependencies point downward only; storage, pattern and JSON code import no networking):
//   herald (CLI) → HeraldApp → HeraldServer, HeraldIngest, HeraldEngine, HeraldFakeProviders
//   HeraldEngine → HeraldDelivery, HeraldCatalog, HeraldStorage, HeraldPattern, HeraldEvents
//   HeraldServer → HeraldCatalog, HeraldEvents (Hummingbird)      HeraldIngest (NIO Unix socket)
//   HeraldDelivery → HeraldEvents (AsyncHTTPClient)                HeraldChannels → HeraldJSON (swift-crypto)
//   HeraldCatalog → HeraldStorage, HeraldPattern                   HeraldEvents, HeraldPattern → HeraldJSON
//   HeraldStorage → CLMDB                                          HeraldClient → HeraldIngest, HeraldJSON
let package = Package(
    name: "Herald",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "herald", targets: ["herald"]),
        .library(name: "HeraldClient", targets: ["HeraldClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Storage
        .systemLibrary(name: "CLMDB", pkgConfig: "lmdb", providers: [.apt(["liblmdb-dev"])]),
        .target(
            name: "HeraldStorage",
            dependencies: [
                "CLMDB", "CFileSync",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Values and the pattern language
        .target(name: "HeraldJSON"),
        .target(name: "HeraldPattern", dependencies: ["HeraldJSON"]),
        .target(name: "HeraldPatternReference", dependencies: ["HeraldJSON", "HeraldPattern"]),
        .target(name: "HeraldEvents", dependencies: ["HeraldJSON"]),
        .target(name: "HeraldCatalog", dependencies: ["HeraldEvents", "HeraldJSON", "HeraldPattern", "HeraldStorage"]),
        // Delivery and channels
        .target(
            name: "HeraldDelivery",
            dependencies: [
                "HeraldEvents", "HeraldJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "HeraldChannels",
            dependencies: ["HeraldJSON", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "HeraldFakeProviders",
            dependencies: [
                "HeraldChannels", "HeraldJSON",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "HeraldEngine",
            dependencies: [
                "HeraldStorage", "HeraldCatalog", "HeraldPattern", "HeraldEvents", "HeraldDelivery", "HeraldJSON",
                "HeraldChannels",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Surfaces
        .target(
            name: "HeraldIngest",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "HeraldServer",
            dependencies: [
                "HeraldCatalog", "HeraldEvents", "HeraldJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "HeraldClient",
            dependencies: [
                "HeraldIngest", "HeraldJSON",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "HeraldArchive",
            dependencies: [
                "HeraldStorage", "HeraldCatalog", "HeraldPattern", "HeraldEvents", "HeraldJSON", "HeraldEngine",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "HeraldReceipts",
            dependencies: [
                "HeraldChannels", "HeraldStorage", "HeraldServer", "HeraldEvents", "HeraldJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "HeraldConfig",
            dependencies: [
                "HeraldCatalog", "HeraldChannels", "HeraldJSON", "HeraldPattern",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "HeraldAdmin",
            dependencies: [
                "HeraldStorage", "HeraldEngine", "HeraldCatalog", "HeraldPattern", "HeraldJSON", "HeraldEvents", "HeraldServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Composition root and the executable
        // The delivery ledger: SQLite through GRDB; no networking, no LMDB.
        .target(
            name: "HeraldLedger",
            dependencies: [
                "CFileSync", "HeraldJSON",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        // Linux's sync_file_range, which Swift's Glibc module does not expose (the ledger paces its disk writes with it).
        .target(name: "CFileSync"),
        // Incremental export of the ledger to PostgreSQL / Supabase.
        .target(
            name: "HeraldLedgerExport",
            dependencies: [
                "HeraldLedger",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The web console at /console: server-rendered pages over the admin service.
        .target(
            name: "HeraldConsole",
            dependencies: [
                "HeraldAdmin", "HeraldStorage", "HeraldEngine", "HeraldEvents", "HeraldPattern", "HeraldJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Fuzz entry points (one per parser) for the seeded harness, the libFuzzer package and the CI run.
        .target(
            name: "HeraldFuzzTargets",
            dependencies: [
                "HeraldJSON", "HeraldPattern", "HeraldPatternReference", "HeraldEvents", "HeraldIngest", "HeraldChannels",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]),
        .target(
            name: "HeraldApp",
            dependencies: [
                "HeraldStorage", "HeraldCatalog", "HeraldEvents", "HeraldEngine", "HeraldIngest", "HeraldServer",
                "HeraldJSON", "HeraldDelivery", "HeraldConfig", "HeraldReceipts", "HeraldChannels", "HeraldArchive", "HeraldAdmin",
                "HeraldLedger", "HeraldConsole",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "herald",
            dependencies: [
                "HeraldApp", "HeraldClient", "HeraldPattern", "HeraldConfig", "HeraldAdmin", "HeraldLedger", "HeraldJSON",
                "HeraldFakeProviders", "HeraldLedgerExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Tools (benchmarks and test helpers; see Docs/benchmarks.md)
        .executableTarget(
            name: "herald-sigv4-bench", dependencies: ["HeraldServer", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tools/sigv4-bench"),
        .executableTarget(name: "herald-fuzz", dependencies: ["HeraldFuzzTargets"], path: "Tools/fuzz/harness"),
        .executableTarget(name: "herald-storage-crash-child", dependencies: ["HeraldStorage"], path: "Tools/storage-crash-child"),
        .executableTarget(name: "herald-storage-bench", dependencies: ["HeraldStorage", "CLMDB"], path: "Tools/storage-bench"),
        .executableTarget(
            name: "herald-pattern-bench", dependencies: ["HeraldJSON", "HeraldPattern", "HeraldPatternReference"],
            path: "Tools/pattern-bench"),
        .executableTarget(
            name: "herald-transport-bench",
            dependencies: [
                "HeraldDelivery", "HeraldEvents",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tools/transport-bench", exclude: ["run.py"]),
        // Tests
        .testTarget(name: "HeraldJSONTests", dependencies: ["HeraldJSON"]),
        .testTarget(
            name: "HeraldAppTests",
            dependencies: [
                "HeraldApp", "HeraldChannels", "HeraldConfig", "HeraldEvents", "HeraldJSON", "HeraldLedger", "HeraldReceipts", "HeraldStorage",
                "HeraldTestSupport",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        .testTarget(
            name: "HeraldLedgerTests",
            dependencies: ["HeraldLedger", "HeraldJSON", "HeraldTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "HeraldLedgerExportTests",
            dependencies: ["HeraldLedgerExport", "HeraldLedger", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "HeraldFuzzTests", dependencies: ["HeraldFuzzTargets", "HeraldIngest"]),
        .testTarget(
            name: "HeraldConsoleTests",
            dependencies: [
                "HeraldConsole", "HeraldAdmin", "HeraldStorage", "HeraldEngine", "HeraldJSON", "HeraldTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(name: "HeraldPatternTests", dependencies: ["HeraldJSON", "HeraldPattern", "HeraldPatternReference"]),
        .testTarget(
            name: "HeraldStorageTests",
            dependencies: [
                "HeraldStorage", "CLMDB", "HeraldTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "HeraldEventsTests", dependencies: ["HeraldEvents", "HeraldJSON"]),
        .testTarget(
            name: "HeraldDeliveryTests",
            dependencies: [
                "HeraldDelivery", "HeraldEvents", "HeraldJSON", "HeraldTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(name: "HeraldCatalogTests", dependencies: ["HeraldCatalog", "HeraldStorage"]),
        .testTarget(
            name: "HeraldServerTests",
            dependencies: [
                "HeraldServer", "HeraldCatalog", "HeraldStorage",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "HeraldConfigTests",
            dependencies: [
                "HeraldConfig", "HeraldCatalog", "HeraldStorage", "HeraldJSON", "HeraldEvents",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "HeraldAdminTests",
            dependencies: [
                "HeraldAdmin", "HeraldStorage", "HeraldEngine", "HeraldJSON", "HeraldServer", "HeraldTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "HeraldArchiveTests",
            dependencies: [
                "HeraldArchive", "HeraldStorage", "HeraldCatalog", "HeraldEngine", "HeraldJSON", "HeraldTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "HeraldReceiptsTests",
            dependencies: [
                "HeraldReceipts", "HeraldChannels", "HeraldFakeProviders", "HeraldStorage", "HeraldServer", "HeraldEvents",
                "HeraldJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "HeraldChannelsTests", dependencies: ["HeraldChannels", "HeraldJSON"], resources: [.copy("Vectors")]),
        .testTarget(name: "HeraldFakeProvidersTests", dependencies: ["HeraldFakeProviders", "HeraldChannels", "HeraldJSON"]),
        .target(
            name: "HeraldTestSupport",
            dependencies: [
                "HeraldEvents", "HeraldStorage",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "HeraldSystemTests",
            dependencies: [
                "HeraldClient", "HeraldTestSupport", "HeraldFakeProviders", "HeraldJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "HeraldEngineTests",
            dependencies: [
                "HeraldEngine", "HeraldStorage", "HeraldCatalog", "HeraldDelivery", "HeraldEvents", "HeraldJSON",
                "HeraldTestSupport", "HeraldChannels",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "HeraldIngestTests",
            dependencies: [
                "HeraldIngest", "HeraldClient", "HeraldTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
