/// One price-list row as it comes from storage: a prefix, its validity and what it maps to.
///
/// Times are microseconds since the Unix epoch (UTC), the resolution the database stores. Validity is half-open,
/// `[validFrom, validTo)`, so that a new version can start exactly where the old one ends without a gap or an
/// overlap; `validTo == nil` means the row has no planned end.
public struct PrefixTableEntry<Value: Sendable>: Sendable {
  public var prefix: DialedDigits
  public var validFrom: Int64
  public var validTo: Int64?
  public var value: Value

  public init(prefix: DialedDigits, validFrom: Int64, validTo: Int64?, value: Value) {
    self.prefix = prefix
    self.validFrom = validFrom
    self.validTo = validTo
    self.value = value
  }
}
