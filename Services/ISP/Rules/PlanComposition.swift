public import WireCodec

/// Plan money: values, penalties and composition amounts have two decimals (centavos,
/// kopecks, tiyn), kept as integer minor units. Nothing is rounded on the way in: 10.005 is
/// refused, 10.50 and 10.500 are the same.
public enum PlanMoney {
  /// The largest monthly value or penalty: 100,000,000.00.
  public static let maximumMinor: Int64 = 10_000_000_000

  /// `value` in minor units; nil when negative, beyond ``maximumMinor`` or with a non-zero
  /// third decimal.
  public static func minor(_ value: ExactDecimal) -> Int64? {
    guard value.units >= 0, value.scale <= ExactDecimal.maxScale else { return nil }
    let minor: Int64
    if value.scale <= 2 {
      let factor: Int64 = value.scale == 2 ? 1 : value.scale == 1 ? 10 : 100
      let (product, overflow) = value.units.multipliedReportingOverflow(by: factor)
      guard !overflow else { return nil }
      minor = product
    } else {
      var divisor: Int64 = 1
      for _ in 0..<(value.scale - 2) { divisor *= 10 }
      guard value.units % divisor == 0 else { return nil }
      minor = value.units / divisor
    }
    return minor <= Self.maximumMinor ? minor : nil
  }

  public static func decimal(_ minor: Int64) -> ExactDecimal { ExactDecimal(units: minor, scale: 2) }

  /// A percent 0–100 with at most two decimals, in basis points (12.5 % → 1250).
  public static func basisPoints(_ percent: ExactDecimal) -> Int64? {
    guard let points = self.minor(percent), points <= 10_000 else { return nil }
    return points
  }
}

/// The seed's «Composição do Plano»: discounts and surcharges of a value or a percent of the
/// plan's value, each in the months since first activation it covers (progressive discounts:
/// 30 % in months 1–3, 10 % in 4–6, …).
public struct PlanComposition: Sendable, Equatable {
  public struct Line: Sendable, Equatable, Codable {
    public var discount: Bool
    public var amountMinor: Int64
    public var basisPoints: Int64
    public var applied: Bool
    /// 0 = from the first month.
    public var fromMonth: Int
    /// 0 = for ever.
    public var toMonth: Int
    public var description: String

    public init(
      discount: Bool, amountMinor: Int64, basisPoints: Int64, applied: Bool, fromMonth: Int, toMonth: Int,
      description: String
    ) {
      self.discount = discount
      self.amountMinor = amountMinor
      self.basisPoints = basisPoints
      self.applied = applied
      self.fromMonth = fromMonth
      self.toMonth = toMonth
      self.description = description
    }

    func covers(month: Int) -> Bool {
      (self.fromMonth == 0 || month >= self.fromMonth) && (self.toMonth == 0 || month <= self.toMonth)
    }

    /// The line's amount on `valueMinor`: a percent is rounded half up to the centavo.
    func amount(on valueMinor: Int64) -> Int64 {
      guard self.basisPoints > 0 else { return self.amountMinor }
      return (valueMinor * self.basisPoints + 5_000) / 10_000
    }
  }

  /// Why a line cannot be kept.
  public enum Problem: Sendable, Equatable {
    /// «Só será possível marcar a opção após informar o valor ou porcentagem».
    case appliedWithoutValue
    case valueAndPercent
    case monthsOutOfOrder
  }

  public static let maximumLines = 20
  public static let maximumMonth = 1200

  public let lines: [Line]

  public init(lines: [Line]) { self.lines = lines }

  /// Why `line` is refused, or nil.
  public static func problem(of line: Line) -> Problem? {
    if line.applied, line.amountMinor == 0, line.basisPoints == 0 { return .appliedWithoutValue }
    if line.amountMinor > 0, line.basisPoints > 0 { return .valueAndPercent }
    if line.toMonth != 0, line.toMonth < line.fromMonth { return .monthsOutOfOrder }
    return nil
  }

  /// What the plan charges in its `month` since first activation (1 = the activation's month):
  /// the value, plus applied surcharges, less applied discounts, never below zero. Values are
  /// bounded by ``PlanMoney/maximumMinor`` and at most ``maximumLines`` lines, so no sum here
  /// can overflow.
  public func monthlyAmount(valueMinor: Int64, month: Int) -> Int64 {
    var total = valueMinor
    for line in self.lines where line.applied && line.covers(month: month) {
      total += line.discount ? -line.amount(on: valueMinor) : line.amount(on: valueMinor)
    }
    return max(0, total)
  }

  /// Whether any applied line is a discount: giving one needs its own permission.
  public var hasDiscount: Bool { self.lines.contains { $0.discount && $0.applied } }
}
