/// A row found by `PrefixTable`: which prefix matched, its value, and the validity of that row (so a tariff check
/// can say "this price applies until …").
public struct PrefixMatch<Value: Sendable>: Sendable {
  public let prefix: DialedDigits
  public let value: Value
  public let validFrom: Int64
  /// Exclusive end of validity; `nil` when open-ended.
  public let validTo: Int64?

  @inlinable
  init(prefix: DialedDigits, value: Value, validFrom: Int64, validTo: Int64?) {
    self.prefix = prefix
    self.value = value
    self.validFrom = validFrom
    self.validTo = validTo
  }
}

extension PrefixMatch: Equatable where Value: Equatable {}
