/// What the simulated network charges, in minor units of one currency, and how it rounds: the
/// usage records carry exact integer costs, as Billing posts them.
///
/// - Data: the bytes are rounded **up** to whole kilobytes (1,024 bytes), and the cost is
///   kB × price per MB / 1,024, rounded **up** to a minor unit.
/// - Calls: the seconds are rounded **up** to whole minutes; the cost is minutes × price per minute.
/// - SMS: the price per SMS for each one.
struct SimulatorTariff: Sendable, Equatable {
  /// The highest price per unit accepted: 1,000,000.00 in a currency with two minor digits.
  static let maximumPrice: Int64 = 100_000_000

  /// 0.50 RUB per MB, 2.50 RUB per minute, 1.50 RUB per SMS.
  static let standard = SimulatorTariff(
    unchecked: "RUB", perMegabyteMinor: 50, perMinuteMinor: 250, perSMSMinor: 150)

  let currency: String
  let perMegabyteMinor: Int64
  let perMinuteMinor: Int64
  let perSMSMinor: Int64

  init(currency: String, perMegabyteMinor: Int64, perMinuteMinor: Int64, perSMSMinor: Int64) throws(NetworkError) {
    guard currency.utf8.count == 3, currency.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) })
    else { throw .refused("a currency is three upper-case letters") }
    let prices = [perMegabyteMinor, perMinuteMinor, perSMSMinor]
    guard prices.allSatisfy({ (0...Self.maximumPrice).contains($0) }) else {
      throw .refused("a price is 0 to \(Self.maximumPrice) minor units")
    }
    self.init(
      unchecked: currency, perMegabyteMinor: perMegabyteMinor, perMinuteMinor: perMinuteMinor,
      perSMSMinor: perSMSMinor)
  }

  private init(unchecked currency: String, perMegabyteMinor: Int64, perMinuteMinor: Int64, perSMSMinor: Int64) {
    self.currency = currency
    self.perMegabyteMinor = perMegabyteMinor
    self.perMinuteMinor = perMinuteMinor
    self.perSMSMinor = perSMSMinor
  }

  /// The cost of `quantity` (bytes, seconds or messages), by the rounding rules above.
  func cost(of kind: UsageRecord.Kind, quantity: Int64) throws(NetworkError) -> Int64 {
    guard quantity >= 0 else { throw .refused("a usage quantity is not negative") }
    switch kind {
    case .data:
      let kilobytes = Self.divideRoundingUp(quantity, by: 1024)
      return Self.divideRoundingUp(try Self.multiply(kilobytes, self.perMegabyteMinor), by: 1024)
    case .call:
      return try Self.multiply(Self.divideRoundingUp(quantity, by: 60), self.perMinuteMinor)
    case .sms:
      return try Self.multiply(quantity, self.perSMSMinor)
    }
  }

  /// ⌈value / divisor⌉ for value ≥ 0 and divisor > 0, without the `value + divisor - 1` that
  /// could overflow.
  static func divideRoundingUp(_ value: Int64, by divisor: Int64) -> Int64 {
    value / divisor + (value % divisor == 0 ? 0 : 1)
  }

  private static func multiply(_ lhs: Int64, _ rhs: Int64) throws(NetworkError) -> Int64 {
    let (product, overflow) = lhs.multipliedReportingOverflow(by: rhs)
    guard !overflow else { throw .refused("the cost is too large") }
    return product
  }
}
