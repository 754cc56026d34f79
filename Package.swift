// swift-tools-version:6.1
import CompilerPluginSupport
import PackageDescription

/// One settings array for every target: Swift 6 mode plus the upcoming features the
/// Swift server anchors (grpc-swift-2, Hummingbird) build with.
let swiftSettings: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let grpcCore = Target.Dependency.product(name: "GRPCCore", package: "grpc-swift-2")
let grpcHTTP2 = Target.Dependency.product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let unixSignals = Target.Dependency.product(name: "UnixSignals", package: "swift-service-lifecycle")
let configuration = Target.Dependency.product(name: "Configuration", package: "swift-configuration")
let postgres = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let nioSSL = Target.Dependency.product(name: "NIOSSL", package: "swift-nio-ssl")

/// What a service's library needs beyond the platform.
let serviceDependencies: [String: [Target.Dependency]] = [
  "Identity": [
    .product(name: "Crypto", package: "swift-crypto"),
    .product(name: "CryptoExtras", package: "swift-crypto"),
    .product(name: "JWTKit", package: "jwt-kit"),
    "Mail",
    // The permission catalogue ships every service's permissions (their contracts declare them).
    "BillingAPI", "TelecomAPI", "UtilitiesAPI", "ISPAPI",
    postgres,
  ],
  "Billing": [
    "BillingDocuments", "BillingReferenceData", "BillingRules", "Mail", "Spreadsheets", postgres, prometheus,
  ],
  // Telecom posts usage charges to Billing and follows its event feed (Billing's contract only),
  // with its service account's token from Identity.
  // Usage reports are exported as XLSX (Spreadsheets) and announced by mail.
  // The DID pool counts business days by Billing's calendars (BillingReferenceData's counting).
  // Utilities posts its monthly charges to Billing and reads Billing's VAT table and statements
  // (Billing's contract only); breakdowns and statements are PDFs by Billing's document writer.
  "Utilities": [
    "UtilitiesRules", "BillingAPI", "BillingRules", "BillingDocuments", "IdentityAPI", "Mail", postgres, prometheus,
  ],
  // ISP follows Billing's feed (debt blocks), posts plan charges, reverses them on a transfer and
  // creates the new owner there; «Fechar Conexão Atual» sends RFC 5176 datagrams (NIO UDP).
  "ISP": ["ISPRules", "BillingAPI", "IdentityAPI", postgres, nioCore, nioPosix, prometheus],
  "Telecom": [
    "TelecomRules", "BillingAPI", "BillingReferenceData", "IdentityAPI", "Mail", "Spreadsheets", postgres, nioCore,
    nioPosix, prometheus,
  ],
]

/// The five services: each is a library with its logic plus a thin executable.
let services: [(name: String, executable: String)] = [
  ("Identity", "abonent-identity"),
  ("Billing", "abonent-billing"),
  ("Telecom", "abonent-telecom"),
  ("Utilities", "abonent-utilities"),
  ("ISP", "abonent-isp"),
]

var targets: [Target] = [
  .macro(
    name: "WireCodecMacros",
    dependencies: [
      .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
      .product(name: "SwiftSyntaxBuilder", package: "swift-syntax"),
      .product(name: "SwiftDiagnostics", package: "swift-syntax"),
      .product(name: "SwiftCompilerPlugin", package: "swift-syntax"),
    ],
    path: "Shared/WireCodecMacros",
    swiftSettings: swiftSettings
  ),
  .target(
    name: "WireCodec",
    dependencies: ["WireCodecMacros"],
    path: "Shared/WireCodec",
    swiftSettings: swiftSettings
  ),
  .target(
    name: "WireJSON",
    dependencies: ["WireCodec"],
    path: "Shared/WireJSON",
    swiftSettings: swiftSettings
  ),
  .target(
    name: "RPC",
    dependencies: [
      "WireCodec", "Settings", grpcCore, grpcHTTP2, logging, lifecycle, prometheus,
      .product(name: "JWTKit", package: "jwt-kit"),
    ],
    path: "Shared/RPC",
    swiftSettings: swiftSettings
  ),
  .target(
    name: "Settings",
    dependencies: [configuration, .product(name: "SystemPackage", package: "swift-system")],
    path: "Shared/Settings",
    swiftSettings: swiftSettings
  ),
  .target(
    name: "Storage",
    dependencies: [
      "Settings", "RPC", "WireCodec", postgres, logging, lifecycle, grpcCore, nioCore, nioPosix,
      // ConnectionPoolError: the pool's errors reach leases unwrapped (StoreError maps them).
      .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
    ],
    path: "Shared/Storage",
    swiftSettings: swiftSettings
  ),
  .target(
    name: "Mail",
    dependencies: ["Storage", "Settings", nioCore, nioPosix, nioSSL, postgres, logging, lifecycle],
    path: "Shared/Mail",
    swiftSettings: swiftSettings
  ),
  .target(
    name: "Runtime",
    dependencies: [
      "RPC", "WireCodec", "Settings", "Storage", "Mail", grpcCore, grpcHTTP2, logging, lifecycle, unixSignals,
      configuration, hummingbird, prometheus, nioPosix,
      // DependencyLink renews a service account's token from Identity.
      "IdentityAPI",
    ],
    path: "Shared/Runtime",
    swiftSettings: swiftSettings
  ),
  .target(
    name: "TestSupport",
    dependencies: [
      "RPC", "Runtime", "Settings", "Storage", "WireCodec", grpcCore, grpcHTTP2, configuration, postgres, nioCore,
      nioPosix, lifecycle, logging,
      .product(name: "JWTKit", package: "jwt-kit"),
    ],
    path: "Shared/TestSupport",
    exclude: ["Fixtures", "smtp_sink.py", "smtp-sink-requirements.txt"],
    swiftSettings: swiftSettings
  ),
  .executableTarget(
    name: "AbonentCTL",
    dependencies: [
      "RPC", "WireCodec", "WireJSON", grpcCore, grpcHTTP2,
      .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ],
    path: "Tools/AbonentCTL",
    swiftSettings: swiftSettings
  ),
  .target(
    name: "WireTestMessages",
    dependencies: ["WireCodec"],
    path: "Tests/Support/WireTestMessages",
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "WireCodecTests",
    dependencies: [
      "WireCodec", "WireJSON", "WireCodecMacros", "WireTestMessages",
      .product(name: "SwiftSyntaxMacroExpansion", package: "swift-syntax"),
      .product(name: "SwiftParser", package: "swift-syntax"),
      .product(name: "SwiftDiagnostics", package: "swift-syntax"),
    ],
    path: "Tests/WireCodecTests",
    exclude: ["FuzzRegressions"],  // read at run time by FuzzRegressionTests
    swiftSettings: swiftSettings
  ),
  .executableTarget(
    name: "JobProbe",
    dependencies: ["Storage", postgres, logging],
    path: "Tests/Support/JobProbe",
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "IdentityTests",
    dependencies: [
      "IdentityService", "IdentityAPI", "BillingService", "BillingAPI", "UtilitiesAPI", "TelecomAPI", "RPC", "Runtime",
      "Storage", "TestSupport", "TelecomServer",
      // TelecomRolesTests: an in-process Telecom trusting Identity's keys; likewise Utilities,
      // following Identity's feed (UtilitiesRegistrationTests).
      "TelecomService", "TelecomRules", "UtilitiesService",
      "WireCodec", grpcCore, logging, nioCore, nioPosix,
    ],
    path: "Tests/IdentityTests",
    swiftSettings: swiftSettings
  ),
  // Checks of the repository itself (docs against code); no database, no network.
  .testTarget(
    name: "RepositoryTests",
    path: "Tests/RepositoryTests",
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "BillingTests",
    dependencies: [
      "BillingService", "BillingAPI", "BillingReferenceData", "BillingRules", "RPC", "Runtime", "Settings", "Storage",
      "TestSupport", "WireCodec", grpcCore,
      postgres, logging, configuration,
    ],
    path: "Tests/BillingTests",
    exclude: ["Fixtures"],
    swiftSettings: swiftSettings
  ),
  // The XLSX writer every service's exports use (Billing's invoices and transactions,
  // Telecom's usage reports): pure, no database or RPC.
  .target(
    name: "Spreadsheets",
    dependencies: ["WireCodec", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
    path: "Shared/Spreadsheets",
    swiftSettings: swiftSettings
  ),
  // Billing's pure parts, with no database or RPC: documents (PDF with an embedded font) and
  // reference data (production calendars, central-bank rate files).
  .target(
    name: "BillingDocuments",
    dependencies: ["Spreadsheets", "WireCodec", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
    path: "Services/Billing/Documents",
    swiftSettings: swiftSettings
  ),
  // The XLSX writer's tests live here with the PDF ones: they share the openpyxl reader.
  .testTarget(
    name: "BillingDocumentsTests",
    dependencies: ["BillingDocuments", "Spreadsheets", "WireCodec"],
    path: "Tests/BillingDocumentsTests",
    exclude: ["requirements.txt"],
    swiftSettings: swiftSettings
  ),
  // Billing's business rules as values (collections schedule, commission bands, postpaid
  // month end, payment purposes): unit-tested with no database.
  .target(
    name: "BillingRules",
    dependencies: ["BillingReferenceData", "WireCodec"],
    path: "Services/Billing/Rules",
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "BillingRulesTests",
    dependencies: ["BillingRules", "BillingReferenceData", "TestSupport", "WireCodec"],
    path: "Tests/BillingRulesTests",
    swiftSettings: swiftSettings
  ),
  .target(
    name: "BillingReferenceData",
    dependencies: ["WireCodec"],
    path: "Services/Billing/ReferenceData",
    resources: [.copy("Calendars")],
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "BillingReferenceDataTests",
    dependencies: ["BillingReferenceData", "WireCodec"],
    path: "Tests/BillingReferenceDataTests",
    exclude: ["Fixtures"],
    swiftSettings: swiftSettings
  ),
  // Utilities' rules as values (meter registers, consumption and turn-over, reading
  // validation, the cabinet's submission refusals): unit-tested with no database.
  .target(
    name: "UtilitiesRules",
    // Charges use Billing's VAT line rounding (BillingRules: pure, no database).
    dependencies: ["WireCodec", "BillingRules"],
    path: "Services/Utilities/Rules",
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "UtilitiesRulesTests",
    dependencies: ["UtilitiesRules", "TestSupport", "WireCodec"],
    path: "Tests/UtilitiesRulesTests",
    swiftSettings: swiftSettings
  ),
  // ISP's rules as values (circuit names, MAC addresses, IPv4 pools, RADIUS logins, RFC 5176
  // Disconnect packets with their MD5 authenticators): unit-tested with no database.
  .target(
    name: "ISPRules",
    dependencies: ["WireCodec", .product(name: "Crypto", package: "swift-crypto")],
    path: "Services/ISP/Rules",
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "ISPRulesTests",
    dependencies: ["ISPRules", "TestSupport", "WireCodec"],
    path: "Tests/ISPRulesTests",
    swiftSettings: swiftSettings
  ),
  // Telecom's business rules as values (ICCID check digit, the SIM state machine): unit-tested
  // with no database.
  .target(
    name: "TelecomRules",
    dependencies: ["WireCodec"],
    path: "Services/Telecom/Rules",
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "TelecomRulesTests",
    dependencies: ["TelecomRules", "TestSupport"],
    path: "Tests/TelecomRulesTests",
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "TelecomTests",
    dependencies: [
      "TelecomService", "TelecomAPI", "TelecomRules", "BillingService", "BillingAPI", "RPC", "Runtime", "Settings",
      "Storage", "TestSupport", "WireCodec", grpcCore, postgres, logging, configuration, nioCore, nioPosix,
    ],
    path: "Tests/TelecomTests",
    swiftSettings: swiftSettings
  ),
  // ISP against a real FreeRADIUS reading its database.
  .testTarget(
    name: "ISPTests",
    dependencies: [
      "ISPService", "ISPAPI", "ISPRules", "BillingService", "BillingAPI", "RPC", "Runtime", "Storage", "TestSupport",
      "WireCodec", grpcCore, postgres, nioCore, nioPosix,
    ],
    path: "Tests/ISPTests",
    swiftSettings: swiftSettings
  ),
  // Utilities against a real Billing (its own database) over real gRPC.
  .testTarget(
    name: "UtilitiesTests",
    dependencies: [
      "UtilitiesService", "UtilitiesAPI", "UtilitiesRules", "BillingService", "BillingAPI", "RPC", "Runtime",
      "Settings", "Storage", "TestSupport", "WireCodec", grpcCore, postgres, logging,
    ],
    path: "Tests/UtilitiesTests",
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "StorageTests",
    dependencies: [
      "Storage", "Settings", "TestSupport", "RPC", "Runtime", "WireCodec", "JobProbe", postgres, grpcCore, lifecycle,
    ],
    path: "Tests/StorageTests",
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "MailTests",
    dependencies: [
      "Mail", "Storage", "Settings", "TestSupport", postgres, nioCore, nioPosix, lifecycle, logging, configuration,
      .product(name: "Crypto", package: "swift-crypto"),
    ],
    path: "Tests/MailTests",
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "RuntimeTests",
    dependencies: ["Runtime", "Storage", "Settings", "TestSupport", "RPC", grpcCore, configuration],
    path: "Tests/RuntimeTests",
    swiftSettings: swiftSettings
  ),
  .testTarget(
    name: "RPCTests",
    dependencies: [
      "RPC", "Runtime", "Settings", "TestSupport", "WireCodec", grpcCore, grpcHTTP2, prometheus, logging, nioPosix,
      configuration,
    ],
    path: "Tests/RPCTests",
    swiftSettings: swiftSettings
  ),
]

var products: [Product] = [
  .executable(name: "abonentctl", targets: ["AbonentCTL"]),
  // For the fuzzer package (Fuzz/), which builds with sanitizers in its own folder.
  .library(name: "WireCodec", targets: ["WireCodec"]),
  .library(name: "WireJSON", targets: ["WireJSON"]),
  .library(name: "WireTestMessages", targets: ["WireTestMessages"]),
  // For the benchmark package (Benchmarks/): the rating core's lookup rate and memory.
  .library(name: "TelecomRules", targets: ["TelecomRules"]),
  // For the benchmark package: a client of Telecom's CDR ingest (docs/BENCHMARKS.md, "CDR ingest").
  .library(name: "RPC", targets: ["RPC"]),
  .library(name: "TelecomAPI", targets: ["TelecomAPI"]),
]

for service in services {
  targets.append(
    .target(
      name: "\(service.name)API",
      dependencies: ["WireCodec", "RPC", grpcCore],
      path: "Shared/Contracts/\(service.name)API",
      swiftSettings: swiftSettings
    ))
  targets.append(
    .target(
      name: "\(service.name)Service",
      dependencies: [
        .target(name: "\(service.name)API"), "RPC", "Runtime", "Storage", "Settings", "WireCodec", grpcCore, logging,
      ]
        + (serviceDependencies[service.name] ?? []),
      path: "Services/\(service.name)/Sources",
      swiftSettings: swiftSettings
    ))
  targets.append(
    .executableTarget(
      name: "\(service.name)Server",
      dependencies: [.target(name: "\(service.name)Service"), "Runtime"],
      path: "Services/\(service.name)/Main",
      swiftSettings: swiftSettings
    ))
  products.append(.executable(name: service.executable, targets: ["\(service.name)Server"]))
}

let package = Package(
  name: "abonent",
  platforms: [.macOS(.v15)],
  products: products,
  dependencies: [
    .package(url: "https://github.com/swiftlang/swift-syntax.git", from: "603.0.1"),
    .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
    .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
    .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
  ],
  targets: targets
)
