// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "skillsmock",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "skillsmock", targets: ["skillsmock"]),
        .executable(name: "skills-video", targets: ["skills-video"]),
        .library(name: "SkillsVideoClient", targets: ["SkillsVideoClient"]),
        .library(name: "SkillsMockServer", targets: ["SkillsMockServer"]),
        .library(name: "SkillsConformance", targets: ["SkillsConformance"]),
        .library(name: "SkillsMockTesting", targets: ["SkillsMockTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.30.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibevent",
            pkgConfig: "libevent_pthreads",
            providers: [.apt(["libevent-dev", "libssl-dev"]), .brew(["libevent", "openssl@3"])]
        ),
        /// Pure shared vocabulary: JSON values, statuses, classification, journal records.
        .target(name: "SkillsCore"),
        /// Child processes by `posix_spawn` (stdout and stderr on pipes, no inherited descriptors): the C-facing
        /// side of the runner's client processes and the tests' children, kept out of the pure `SkillsCore`.
        .target(name: "SkillsProcess"),
        /// The platform model: OpenAPI/docs fixtures, endpoint contracts, payload validation.
        .target(name: "SkillsPlatform", dependencies: ["SkillsCore"]),
        /// Scenario model, strict YAML loader and validation, step cursors.
        .target(
            name: "SkillsScenario",
            dependencies: [
                "SkillsCore", .product(name: "Yams", package: "Yams"),
            ]),
        /// The libevent fake server: the only module that imports CLibevent.
        .target(
            name: "SkillsMockServer",
            dependencies: [
                "CLibevent", "SkillsCore", "SkillsPlatform", "SkillsScenario",
            ], ),
        /// The full client: SSE parser, retry policy, generation runner, inspector, CLI commands.
        .target(
            name: "SkillsVideoClient",
            dependencies: [
                "SkillsCore", "SkillsPlatform",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        /// The conformance runner: rules, client adapters, reports.
        .target(
            name: "SkillsConformance",
            dependencies: [
                "SkillsCore", "SkillsScenario", "SkillsMockServer", "SkillsVideoClient", "SkillsPlatform",
                "SkillsProcess", .product(name: "Yams", package: "Yams"),
            ]),
        /// `skillsmock record`: a reverse proxy (the server module's libevent front) that records each run as a scenario.
        .target(
            name: "SkillsRecorder",
            dependencies: [
                "SkillsCore", "SkillsScenario", "SkillsMockServer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]),
        .executableTarget(
            name: "skillsmock",
            dependencies: [
                "SkillsMockServer", "SkillsScenario", "SkillsConformance", "SkillsRecorder",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "skills-video",
            dependencies: [
                "SkillsVideoClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "skills-bench", dependencies: ["SkillsVideoClient"]),
        /// For users' tests: `withSkillsMock` starts an embedded fake, hands out keys, waits on the journal.
        .target(
            name: "SkillsMockTesting", dependencies: ["SkillsCore", "SkillsScenario", "SkillsMockServer"], ),
        /// Test helpers: an embedded server on an ephemeral port, raw socket client, paths.
        .target(
            name: "SkillsTestSupport",
            dependencies: [
                "SkillsCore", "SkillsScenario", "SkillsMockServer", "SkillsProcess",
            ], path: "Sources/SkillsTestSupport"),
        /// Fuzz targets (ci/fuzz): libFuzzer entries under -DFUZZING, corpus replayers otherwise.
        .target(name: "FuzzHarness"),
        .executableTarget(name: "FuzzSSEParser", dependencies: ["FuzzHarness", "SkillsCore"]),
        .executableTarget(
            name: "FuzzScenarioLoader", dependencies: ["FuzzHarness", "SkillsScenario"]),
        .executableTarget(name: "FuzzOutcomeReader", dependencies: ["FuzzHarness", "SkillsConformance", "SkillsCore"]),
        .testTarget(name: "SkillsCoreTests", dependencies: ["SkillsCore"]),
        .testTarget(name: "SkillsProcessTests", dependencies: ["SkillsProcess"]),
        .testTarget(name: "SkillsPlatformTests", dependencies: ["SkillsPlatform"]),
        .testTarget(
            name: "SkillsScenarioTests", dependencies: ["SkillsScenario", "SkillsTestSupport"],
            exclude: ["Malformed", "DuplicateIDs"]),
        .testTarget(
            name: "SkillsMockServerTests",
            dependencies: [
                "SkillsMockServer", "SkillsScenario", "SkillsTestSupport",
            ], ),
        .testTarget(
            name: "SkillsVideoClientTests",
            dependencies: [
                "SkillsVideoClient", "SkillsTestSupport",
            ]),
        /// Uses `SkillsMockTesting` exactly as an outside package would: that one import, public API only.
        .testTarget(name: "SkillsMockTestingTests", dependencies: ["SkillsMockTesting"]),
        .testTarget(
            name: "SkillsConformanceTests",
            dependencies: [
                "SkillsConformance", "SkillsTestSupport", "SkillsMockServer", "SkillsScenario", "SkillsVideoClient",
                "SkillsRecorder",
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
