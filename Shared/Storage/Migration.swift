/// One versioned change to a service's schema. Versions are applied in ascending order,
/// each exactly once; an applied migration must never be edited (its checksum is recorded).
public struct Migration: Sendable {
  public let version: Int
  public let name: String
  /// Run in order, in one transaction; one SQL statement each (the extended query protocol
  /// that keeps values out of SQL text takes one statement at a time).
  public let statements: [String]

  public init(_ version: Int, _ name: String, _ statements: String...) {
    self.version = version
    self.name = name
    self.statements = statements
  }

  var sql: String { self.statements.joined(separator: ";\n") }

  /// FNV-1a of the SQL text: detects a migration changed after it was applied.
  public var checksum: String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in self.sql.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    return String(hash, radix: 16)
  }
}
