import Foundation

/// Saved bank files in `Tests/BillingReferenceDataTests/Fixtures/` (excluded from the target's
/// sources, so they are read from the source tree at run time).
enum Fixture {
  static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  static func bytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: self.folder.appendingPathComponent(name)))
  }

  /// A UTF-8 fixture as text, for tests that edit it into a broken variant.
  static func text(_ name: String) throws -> String {
    String(decoding: try self.bytes(name), as: UTF8.self)
  }
}
