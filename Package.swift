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
        // Regular expressions: RE2 (linear-time matching, so no argument can make a Regex
        // constraint backtrack). RE2 is C++; a Swift/C++ interop build would put C++ types in
        // TenuoCore's module interface and require interop flags in every client, so a small C++
        // target wraps it behind a plain C header instead. The system-library target only
        // carries pkg-config's flags for "re2": the release build points PKG_CONFIG_PATH at a
        // directory holding libre2.a (scripts/static_deps.sh), which links RE2 into libtenuo.so.
        .systemLibrary(
            name: "CRE2",
            pkgConfig: "re2",
            providers: [.apt(["libre2-dev"])]
        ),
        // The C and C++ targets' debug info is DWARF 4: valgrind 3.19 (make leakcheck reads the
        // unstripped release library) gave up reading it with clang's DWARF 5 unit of this target
        // beside the C target's unit, whether that one was DWARF 5 or 4.
        .target(
            name: "CRE2Shim",
            dependencies: ["CRE2"],
            cxxSettings: [.unsafeFlags(["-gdwarf-4"])],
            linkerSettings: [.linkedLibrary("stdc++")]
        ),
        // Ed25519 verification that keeps each public key's decompressed point (about 8 % of a
        // verify), through libsodium's ref10 internals when the static libsodium is linked in;
        // every call falls back to libsodium's own verify otherwise (see keycache.c).
        .target(
            name: "CEd25519",
            dependencies: ["CSodium"],
            cSettings: [.unsafeFlags(["-gdwarf-4"])]
        ),
        .target(
            name: "TenuoCore",
            dependencies: ["CSodium", "CRE2Shim", "CEd25519"]
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
