// swift-tools-version:6.1
// libtenuo: the Tenuo v1 capability-token protocol as a Swift core exported through a C ABI.
import PackageDescription

let package = Package(
    name: "libtenuo",
    products: [
        // The shared library every language embeds: libtenuo.so.
        .library(name: "tenuo", type: .dynamic, targets: ["Tenuo"]),
        // The protocol core, usable directly from Swift.
        .library(name: "TenuoCore", targets: ["TenuoCore"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .target(
            name: "TenuoCore",
            dependencies: ["CSodium"]
        ),
        .target(
            name: "Tenuo",
            dependencies: ["TenuoCore"],
            exclude: ["tenuo.map"],  // the linker version script below, not a source or resource
            linkerSettings: [
                .unsafeFlags([
                    "-Xlinker", "-soname=libtenuo.so.0",
                    "-Xlinker", "--version-script=Sources/Tenuo/tenuo.map",
                ])
            ]
        ),
        .testTarget(
            name: "TenuoCoreTests",
            dependencies: ["TenuoCore"]
        ),
    ]
)
