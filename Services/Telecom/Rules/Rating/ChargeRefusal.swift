/// Why a price row is unusable or a charge cannot be computed. Money code never traps: every impossible input
/// comes back as one of these.
public enum ChargeRefusal: Error, Hashable, Sendable {
  /// Prices are never negative (refunds are separate documents, not negative rates).
  case negativePrice(Int64)
  /// Connection fees are never negative.
  case negativeConnectionFee(Int64)
  /// The unit a price applies to must be at least one base unit.
  case nonPositiveUnitSize(Int64)
  /// Currencies have 0...4 minor-unit digits (JPY 0, RUB 2, some 3, CLF 4).
  case minorUnitExponentOutOfRange(Int)
  /// Billing the quantity failed (bad quantity, overflow of increments).
  case tariffication(TarifficationRefusal)
  /// The charge does not fit in `Int64` millionths.
  case overflow
}
