// swift-tools-version:6.0
// A separate package for libFuzzer builds: `LLVMFuzzerTestOneInput` replaces `main`, so the fuzzer executable
// is built with `-parse-as-library` and `-sanitize=fuzzer`, which the main package's executables must not get.
// Its Sources/ are symlinks to the main package's modules. Use Tools/fuzz/libfuzzer.sh.
import PackageDescription

let package = Package(
    name: "HeraldLibFuzzer",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "herald-libfuzzer", targets: ["herald-libfuzzer"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .target(name: "HeraldJSON"),
        .target(name: "HeraldPattern", dependencies: ["HeraldJSON"]),
        .target(name: "HeraldPatternReference", dependencies: ["HeraldJSON", "HeraldPattern"]),
        .target(name: "HeraldEvents", dependencies: ["HeraldJSON"]),
        .target(name: "HeraldChannels", dependencies: ["HeraldJSON", .product(name: "Crypto", package: "swift-crypto")]),
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
            name: "HeraldFuzzTargets",
            dependencies: [
                "HeraldJSON", "HeraldPattern", "HeraldPatternReference", "HeraldEvents", "HeraldIngest", "HeraldChannels",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        // Provides `herald_libfuzzer_main` (SwiftPM's renamed `main`) and calls libFuzzer's driver.
        .target(name: "CHeraldLibFuzzerDriver"),
        .executableTarget(name: "herald-libfuzzer", dependencies: ["HeraldFuzzTargets", "CHeraldLibFuzzerDriver"]),
    ]
)
