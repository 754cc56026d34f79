public import BillingRules

/// One row of the charge breakdown: an account's service for a month (docs/utilities.md,
/// "Month close"). Volumes are litres (thousandths of a m³), prices tiyn per m³ without VAT.
/// Net = litres × price / 1000 rounded half-up to the tiyn; VAT on the net by Billing's
/// per-line rule (half-up); the sum is net + VAT. Integer arithmetic only.
public struct ChargeLine: Sendable, Hashable {
  public let litres: Int64
  public let priceMinor: Int64
  public let vat: VatLine

  /// Nil when an amount leaves 64 bits (never for a real meter: 10^13 litres × 10^9 tiyn).
  public static func make(litres: Int64, priceMinor: Int64, rate: VatRate) -> ChargeLine? {
    guard litres >= 0, priceMinor >= 0 else { return nil }
    let product = Int128(litres) * Int128(priceMinor)
    let net = (product + 500) / 1000
    guard net <= Int128(Int64.max), let vat = VatLine.added(to: Int64(net), rate: rate) else { return nil }
    return ChargeLine(litres: litres, priceMinor: priceMinor, vat: vat)
  }
}

/// Which meters a service's volume counts (docs/utilities.md): water supply is the cold water
/// the utility delivers; sewerage takes away cold and hot water both.
public enum ChargeVolumes {
  /// Nil when the sum leaves 64 bits.
  public static func litres(coldLitres: Int64, hotLitres: Int64) -> (water: Int64, sewer: Int64)? {
    let (sewer, overflow) = coldLitres.addingReportingOverflow(hotLitres)
    return overflow ? nil : (coldLitres, sewer)
  }
}

/// A month the breakdown shows: the previous one by default, as the cabinet opens it.
public struct BillingMonth: Sendable, Hashable, Comparable {
  public let year: Int
  public let month: Int

  public init?(year: Int, month: Int) {
    guard (2000...2100).contains(year), (1...12).contains(month) else { return nil }
    self.year = year
    self.month = month
  }

  /// The month before the one holding `day` (year, month, day of the caller's today).
  public static func previous(toYear year: Int, month: Int) -> BillingMonth? {
    month == 1 ? BillingMonth(year: year - 1, month: 12) : BillingMonth(year: year, month: month - 1)
  }

  public var next: BillingMonth? {
    self.month == 12
      ? BillingMonth(year: self.year + 1, month: 1) : BillingMonth(year: self.year, month: self.month + 1)
  }

  public static let russianNames = [
    "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь",
  ]

  public var russianName: String { Self.russianNames[self.month - 1] }

  public static func < (lhs: BillingMonth, rhs: BillingMonth) -> Bool {
    (lhs.year, lhs.month) < (rhs.year, rhs.month)
  }
}
