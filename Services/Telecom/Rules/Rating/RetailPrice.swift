/// One retail price row: what a unit of usage costs, and how usage is counted.
///
/// Money is in millionths of the currency's major unit (`Int64`, 1.2345 RUB = 1_234_500) because price lists
/// carry up to four decimals and binary floating point cannot represent them exactly. The charge is
/// `connectionFee + pricePerUnit * billedUnits / unitSize`, computed exactly with a 128-bit intermediate product
/// (so large prices times long durations do not overflow early), and rounded once, at the end, half up to the
/// minor unit. Rounding per minute or per piece would make the sum of parts differ from the invoiced total.
public struct RetailPrice: Hashable, Sendable {
  /// Price of one `unitSize` of usage, in millionths.
  public let pricePerUnit: Int64
  /// Base units one price applies to: 60 (seconds) for per-minute calls, 1 for SMS, 1024 (KB) for per-MB data.
  public let unitSize: Int64
  /// How raw usage becomes billed base units.
  public let tariffication: Tariffication
  /// Charged once per session when the session is billed at all, in millionths.
  public let connectionFee: Int64

  public init(
    pricePerUnit: Int64, unitSize: Int64, tariffication: Tariffication, connectionFee: Int64 = 0
  ) throws(ChargeRefusal) {
    guard pricePerUnit >= 0 else { throw .negativePrice(pricePerUnit) }
    guard unitSize >= 1 else { throw .nonPositiveUnitSize(unitSize) }
    guard connectionFee >= 0 else { throw .negativeConnectionFee(connectionFee) }
    self.pricePerUnit = pricePerUnit
    self.unitSize = unitSize
    self.tariffication = tariffication
    self.connectionFee = connectionFee
  }

  /// Charge for a call of `seconds` seconds (bounded by `Tariffication.maximumDurationSeconds`).
  public func charge(forSeconds seconds: Int64, minorUnitExponent: Int = 2) throws(ChargeRefusal) -> Charge {
    let billed: Int64
    do { billed = try tariffication.billedSeconds(forDuration: seconds) } catch { throw .tariffication(error) }
    return try charge(billedUnits: billed, minorUnitExponent: minorUnitExponent)
  }

  /// Charge for `count` counted units (bounded by `Tariffication.maximumUnitCount`): messages, kilobytes.
  public func charge(forUnits count: Int64, minorUnitExponent: Int = 2) throws(ChargeRefusal) -> Charge {
    let billed: Int64
    do { billed = try tariffication.billedUnits(forCount: count) } catch { throw .tariffication(error) }
    return try charge(billedUnits: billed, minorUnitExponent: minorUnitExponent)
  }

  /// Charge for an already tarifficated quantity (non-negative). The connection fee applies even to zero
  /// billed units, exactly as the formula says; whether an unanswered call is rated at all is the caller's
  /// policy, decided before calling here.
  public func charge(billedUnits: Int64, minorUnitExponent: Int = 2) throws(ChargeRefusal) -> Charge {
    guard (0...4).contains(minorUnitExponent) else { throw .minorUnitExponentOutOfRange(minorUnitExponent) }
    guard billedUnits >= 0 else {
      throw .tariffication(.quantityOutOfRange(quantity: billedUnits, limit: Int64.max))
    }
    // pricePerUnit * billedUnits as a 128-bit product, divided by unitSize: both operands are non-negative.
    let product = UInt64(pricePerUnit).multipliedFullWidth(by: UInt64(billedUnits))
    let divisor = UInt64(unitSize)
    guard product.high < divisor else { throw .overflow }  // otherwise the quotient exceeds 64 bits
    let (quotient, remainder) = divisor.dividingFullWidth(product)
    guard quotient <= UInt64(Int64.max) else { throw .overflow }
    let (whole, wholeOverflow) = connectionFee.addingReportingOverflow(Int64(quotient))
    guard !wholeOverflow else { throw .overflow }
    // Round half up. One minor unit is `step` millionths, and `step` is even, so with whole = q * step + r and
    // an exact fraction f in [0, 1) left over: r + f >= step / 2  <=>  r >= step / 2 (r is an integer).
    let step = RetailPrice.millionthsPerMinorUnit(exponent: minorUnitExponent)
    let (minor, leftover) = whole.quotientAndRemainder(dividingBy: step)
    let rounded = leftover >= step / 2 ? minor + 1 : minor  // minor <= Int64.max / 100: no overflow
    return Charge(
      billedUnits: billedUnits,
      exactMillionths: ExactMillionths(whole: whole, remainder: Int64(remainder), denominator: unitSize),
      minorUnits: rounded, minorUnitExponent: minorUnitExponent)
  }

  /// 10^(6 - exponent): 10_000 millionths per kopeck/cent for exponent 2.
  static func millionthsPerMinorUnit(exponent: Int) -> Int64 {
    var step: Int64 = 1
    for _ in 0..<(6 - exponent) { step *= 10 }
    return step
  }
}
