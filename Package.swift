// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "customer-admin",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "customer-admin", targets: ["customer-admin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CFastCGI", pkgConfig: "fcgi", providers: [.apt(["libfcgi-dev"])]),
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // libharu ships no pkg-config file: the module map links libhpdf itself.
        .systemLibrary(name: "CHaru", providers: [.apt(["libhpdf-dev"])]),
        .target(
            name: "FastCGI",
            dependencies: ["CFastCGI", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "CustomerAdmin",
            dependencies: [
                "CXlsxWriter", "CHaru",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "customer-admin",
            dependencies: [
                "CustomerAdmin", "FastCGI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // libFuzzer targets (scripts/fuzz builds them with -DFUZZING and -sanitize=fuzzer,address);
        // built plainly it replays saved inputs: CustomerAdminFuzz TARGET FILE...
        .executableTarget(
            name: "CustomerAdminFuzz",
            dependencies: ["CustomerAdmin", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .testTarget(
            name: "CustomerAdminTests",
            dependencies: [
                "CustomerAdmin", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
    ]
)
