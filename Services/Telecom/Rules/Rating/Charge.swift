/// The result of pricing one usage record: what was billed, the exact amount, and the amount to book.
public struct Charge: Hashable, Sendable {
  /// Billed base units after tariffication (seconds, messages, kilobytes).
  public let billedUnits: Int64
  /// The exact charge in millionths, connection fee included, before any rounding.
  public let exactMillionths: ExactMillionths
  /// The charge rounded half up to the currency's minor unit: what is written to the invoice and the balance.
  public let minorUnits: Int64
  /// The minor-unit exponent `minorUnits` is expressed in (2 for kopecks/cents).
  public let minorUnitExponent: Int
}
