// swift-tools-version:6.1
import PackageDescription

// The libFuzzer target for the wire decoder (scripts/fuzz.sh).
//
// Why the codec's sources are symlinked here instead of depending on the root package:
// `swift build --sanitize=fuzzer` (and `-Xswiftc -sanitize=fuzzer`) also instruments the
// @WireMessage macro's host tool, whose `main` then clashes with libFuzzer's. Per-target flags
// instrument exactly the code under test (codec, JSON transcoder, vector messages, fuzzer).
//
// Why the macro comes prebuilt from the root package's debug build (`swift build` there, which
// scripts/fuzz.sh runs first): a release build of this package would compile swift-syntax in
// release for the macro, the longest part of the build, only to expand @WireMessage.
// Its own package and build folder also keep sanitizer builds away from the main `.build`.

/// scripts/fuzz.sh passes the tool's path (`swift build --show-bin-path` of the root package).
let macroTool =
  (Context.environment["ABONENT_MACRO_TOOL"] ?? Context.packageDirectory + "/../.build/debug/WireCodecMacros-tool")
  + "#WireCodecMacros"

/// The root package's settings, plus coverage for libFuzzer, AddressSanitizer checks, and
/// the prebuilt macro.
let instrumented: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("MemberImportVisibility"),
  .unsafeFlags(["-sanitize=fuzzer,address", "-load-plugin-executable", macroTool]),
]

let package = Package(
  name: "abonent-fuzz",
  platforms: [.macOS(.v15)],
  targets: [
    .target(name: "WireCodec", swiftSettings: instrumented),
    .target(name: "WireJSON", dependencies: ["WireCodec"], swiftSettings: instrumented),
    .target(name: "WireTestMessages", dependencies: ["WireCodec"], swiftSettings: instrumented),
    .target(name: "CLibFuzzer"),
    .executableTarget(
      name: "WireDecoderFuzzer",
      dependencies: ["CLibFuzzer", "WireCodec", "WireJSON", "WireTestMessages"],
      // libFuzzer supplies `main`, so the fuzzer is compiled as a library.
      swiftSettings: instrumented + [.unsafeFlags(["-parse-as-library"])],
      linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address", "-use-ld=lld"])]
    ),
  ]
)
