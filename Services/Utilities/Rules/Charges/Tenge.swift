public import WireCodec

/// Tenge amounts as integer tiyn (1/100): what prices and sums are kept in.
public enum Tenge {
  /// The largest price per m³ a tariff may have: 1,000,000 tenge.
  public static let maximumPriceMinor: Int64 = 100_000_000

  /// `amount` in tiyn, or nil when it has more than two non-zero decimals, is negative or
  /// exceeds `maximum`. Works for any scale without trapping.
  public static func minor(_ amount: ExactDecimal, maximum: Int64 = Self.maximumPriceMinor) -> Int64? {
    var units = amount.units
    var scale = Int(amount.scale)
    while scale > 2 {
      guard units % 10 == 0 else { return nil }
      units /= 10
      scale -= 1
    }
    while scale < 2 {
      let (scaled, overflow) = units.multipliedReportingOverflow(by: 10)
      guard !overflow else { return nil }
      units = scaled
      scale += 1
    }
    guard units >= 0, units <= maximum else { return nil }
    return units
  }

  /// Tiyn as tenge with two decimals.
  public static func decimal(_ minor: Int64) -> ExactDecimal { ExactDecimal(units: minor, scale: 2) }
}
