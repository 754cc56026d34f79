/// One document line's VAT, in minor units (kopecks, tiyn, cents) of the line's currency:
/// `net + vat == gross` always, exactly.
///
/// Rounding is per line, half-up on the magnitude (half away from zero, so a negative line is
/// the mirror of the positive one) to the currency's minor unit. Everything is integer
/// arithmetic in 128 bits; no `Double` anywhere.
public struct VatLine: Sendable, Hashable {
  public let rate: VatRate
  public let net: Int64
  public let vat: Int64
  public let gross: Int64

  public init(rate: VatRate, net: Int64, vat: Int64, gross: Int64) {
    self.rate = rate
    self.net = net
    self.vat = vat
    self.gross = gross
  }

  /// A price that includes VAT: VAT = gross × rate / (100 + rate), rounded; net = gross − VAT.
  /// Never fails: the VAT is at most half of the gross and has its sign.
  public static func included(in gross: Int64, rate: VatRate) -> VatLine {
    let vat = Int64(Self.dividedRounding(Int128(gross) * Int128(rate.hundredths), by: 10_000 + Int128(rate.hundredths)))
    return VatLine(rate: rate, net: gross - vat, vat: vat, gross: gross)
  }

  /// A price without VAT: VAT = net × rate / 100, rounded; gross = net + VAT. `nil` when the
  /// gross would not fit in 64 bits.
  public static func added(to net: Int64, rate: VatRate) -> VatLine? {
    let vat = Int64(Self.dividedRounding(Int128(net) * Int128(rate.hundredths), by: 10_000))
    let (gross, overflow) = net.addingReportingOverflow(vat)
    guard !overflow else { return nil }
    return VatLine(rate: rate, net: net, vat: vat, gross: gross)
  }

  /// `self − earlier`, amount by amount (a correction's difference of one line at one rate);
  /// `nil` on overflow. Net + VAT = gross holds for the difference because it holds for both.
  public func minus(_ earlier: VatLine) -> VatLine? {
    let (net, o1) = self.net.subtractingReportingOverflow(earlier.net)
    let (vat, o2) = self.vat.subtractingReportingOverflow(earlier.vat)
    let (gross, o3) = self.gross.subtractingReportingOverflow(earlier.gross)
    guard !o1, !o2, !o3 else { return nil }
    return VatLine(rate: self.rate, net: net, vat: vat, gross: gross)
  }

  /// Lines summed per rate, in ascending rate order: a document's «totals by rate». `nil` when
  /// a sum leaves 64 bits. Each total's net + VAT = gross because every line's does.
  public static func totalsByRate(_ lines: [VatLine]) -> [VatLine]? {
    var totals: [VatRate: VatSum] = [:]
    for line in lines {
      guard let sum = Self.adding(line, to: totals[line.rate] ?? (0, 0, 0)) else { return nil }
      totals[line.rate] = sum
    }
    return totals.keys.sorted().compactMap { rate in
      totals[rate].map { VatLine(rate: rate, net: $0.net, vat: $0.vat, gross: $0.gross) }
    }
  }

  /// The sum over every rate: a document's «total without VAT», «VAT» and «total»; `nil` when a
  /// sum leaves 64 bits.
  public static func grandTotal(_ lines: [VatLine]) -> VatSum? {
    var sum: VatSum = (0, 0, 0)
    for line in lines {
      guard let next = Self.adding(line, to: sum) else { return nil }
      sum = next
    }
    return sum
  }

  /// `sum` plus `line`, amount by amount; `nil` when one leaves 64 bits.
  private static func adding(_ line: VatLine, to sum: VatSum) -> VatSum? {
    let (net, o1) = sum.net.addingReportingOverflow(line.net)
    let (vat, o2) = sum.vat.addingReportingOverflow(line.vat)
    let (gross, o3) = sum.gross.addingReportingOverflow(line.gross)
    guard !o1, !o2, !o3 else { return nil }
    return (net, vat, gross)
  }

  /// `numerator / denominator` (denominator > 0), rounded half away from zero.
  static func dividedRounding(_ numerator: Int128, by denominator: Int128) -> Int128 {
    let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
    guard remainder.magnitude * 2 >= denominator.magnitude else { return quotient }
    return quotient + (numerator < 0 ? -1 : 1)
  }
}

/// Net, VAT and gross summed over lines of any rates.
public typealias VatSum = (net: Int64, vat: Int64, gross: Int64)
