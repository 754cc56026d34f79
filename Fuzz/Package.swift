// swift-tools-version:6.1
import PackageDescription

// The libFuzzer target for the wire decoder. Its own package, so that building it with
// sanitizers (scripts/fuzz.sh) never touches the main build folder.
let package = Package(
  name: "abonent-fuzz",
  platforms: [.macOS(.v15)],
  dependencies: [.package(name: "abonent", path: "..")],
  targets: [
    .executableTarget(
      name: "WireDecoderFuzzer",
      dependencies: [
        .product(name: "WireCodec", package: "abonent"),
        .product(name: "WireJSON", package: "abonent"),
        .product(name: "WireTestMessages", package: "abonent"),
      ],
      swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]
    )
  ]
)
