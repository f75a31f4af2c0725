// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "x86fuzz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "x86fuzz", targets: ["x86fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "CKVM"),
        .systemLibrary(name: "CCapstone", pkgConfig: "capstone", providers: [.apt(["libcapstone-dev"])]),
        .target(name: "X86"),
        .target(name: "Decoding", dependencies: ["Forms", "X86", "CCapstone"]),
        .target(name: "Forms", dependencies: ["X86"]),
        .target(name: "Generation", dependencies: ["Forms", "X86"]),
        .target(name: "Sandbox", dependencies: ["Forms", "X86", "CKVM"]),
        .target(name: "Semantics", dependencies: ["Forms", "SoftFloat", "X86"]),
        .target(name: "SoftFloat"),
        .target(name: "Targets", dependencies: ["X86"]),
        .target(name: "Fuzzing", dependencies: ["Forms", "X86", "Semantics", "Decoding", "Generation", "Sandbox", "Targets"]),
        .target(name: "ParserFuzzing", dependencies: ["Fuzzing", "Generation", "Semantics", "X86"]),
        .executableTarget(name: "x86fuzz", dependencies: [
            "Forms", "Fuzzing", "Sandbox", "Targets", "X86",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "TestSupport", dependencies: ["Fuzzing", "Sandbox", "Semantics", "Decoding", "X86"], path: "Tests/TestSupport"),
        .testTarget(name: "X86Tests", dependencies: ["X86"]),
        .testTarget(name: "SandboxTests", dependencies: ["TestSupport", "Sandbox", "X86"]),
        .testTarget(name: "FormsTests", dependencies: ["Forms", "Decoding", "Semantics", "Generation", "X86"]),
        .testTarget(name: "DecodingTests", dependencies: ["Decoding", "Forms", "X86"]),
        .testTarget(name: "GenerationTests", dependencies: ["Generation", "Decoding", "X86"]),
        .testTarget(name: "SemanticsTests", dependencies: ["TestSupport", "Semantics", "Decoding", "Generation", "Fuzzing", "Sandbox", "X86"]),
        .testTarget(name: "FuzzingTests", dependencies: ["TestSupport", "Fuzzing", "Semantics", "Decoding", "Generation", "Sandbox", "X86"]),
        .testTarget(name: "CommandLineTests", dependencies: ["TestSupport", "x86fuzz"]),
        .testTarget(name: "TargetsTests", dependencies: ["TestSupport", "Targets", "Fuzzing", "Semantics", "Decoding", "X86"]),
        .testTarget(name: "ParserFuzzTests", dependencies: ["ParserFuzzing"]),
        .testTarget(name: "SoftFloatTests", dependencies: ["TestSupport", "SoftFloat", "Semantics", "Decoding", "Sandbox", "X86"]),
    ],
    swiftLanguageModes: [.v5]
)
