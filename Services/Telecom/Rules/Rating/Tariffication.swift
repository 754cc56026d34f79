/// Billing increments, written "first/next": 60/60 bills whole minutes, 1/1 per second, 30/6 a first 30 seconds
/// then 6-second steps. The same rule bills counted units (SMS at 1/1 per message, data in kilobytes at
/// e.g. 100/10).
///
/// billed = 0 for 0, `first` for 1...first, otherwise `first + ceil((q - first) / next) * next`.
/// Every step is checked, so no input traps; impossible results come back as `TarifficationRefusal`.
public struct Tariffication: Hashable, Sendable {
  /// Longest duration accepted, in seconds (about 115 days): far above any real session, far below overflow.
  public static let maximumDurationSeconds: Int64 = 10_000_000
  /// Largest unit count accepted (10^12 kilobytes is about a petabyte; 10^12 messages is beyond any account).
  public static let maximumUnitCount: Int64 = 1_000_000_000_000

  /// Per-minute billing, 60/60.
  public static let perMinute = Tariffication(checkedFirst: 60, next: 60)
  /// Per-second billing, 1/1; also per-message billing for SMS.
  public static let perSecond = Tariffication(checkedFirst: 1, next: 1)
  /// Per-message billing for SMS/MMS, 1/1.
  public static let perMessage = Tariffication(checkedFirst: 1, next: 1)
  /// A first half minute, then 6-second steps: 30/6.
  public static let thirtyBySix = Tariffication(checkedFirst: 30, next: 6)

  /// The first increment, in base units (seconds, messages, kilobytes).
  public let first: Int64
  /// Every following increment, in base units.
  public let next: Int64

  /// Increments of at least one base unit each.
  public init(first: Int64, next: Int64) throws(TarifficationRefusal) {
    guard first >= 1, next >= 1 else { throw .nonPositiveIncrement(first: first, next: next) }
    self.first = first
    self.next = next
  }

  private init(checkedFirst first: Int64, next: Int64) {
    self.first = first
    self.next = next
  }

  /// Billed seconds for a call of `duration` seconds (0...`maximumDurationSeconds`).
  public func billedSeconds(forDuration duration: Int64) throws(TarifficationRefusal) -> Int64 {
    try billed(duration, limit: Tariffication.maximumDurationSeconds)
  }

  /// Billed units for `count` counted units (0...`maximumUnitCount`): messages, kilobytes.
  public func billedUnits(forCount count: Int64) throws(TarifficationRefusal) -> Int64 {
    try billed(count, limit: Tariffication.maximumUnitCount)
  }

  /// The rule itself, for a quantity in `0...limit`.
  public func billed(_ quantity: Int64, limit: Int64) throws(TarifficationRefusal) -> Int64 {
    guard quantity >= 0, quantity <= limit else { throw .quantityOutOfRange(quantity: quantity, limit: limit) }
    if quantity == 0 { return 0 }
    if quantity <= first { return first }
    let rest = quantity - first  // > 0 and cannot overflow: 0 < first < quantity
    let (whole, remainder) = rest.quotientAndRemainder(dividingBy: next)
    let steps = remainder == 0 ? whole : whole + 1  // whole < Int64.max because next >= 1 and rest < Int64.max
    let (tail, tailOverflow) = steps.multipliedReportingOverflow(by: next)
    guard !tailOverflow else { throw .overflow }
    let (total, totalOverflow) = first.addingReportingOverflow(tail)
    guard !totalOverflow else { throw .overflow }
    return total
  }
}
