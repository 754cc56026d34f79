public import WireCodec

/// The five non-target call (NCV) classes of a pool number, exactly as the seed defines them
/// (§3.4.3), and the sale availability that follows (docs/telecom.md, "Non-target calls").
public enum NonTargetCallClass: String, Sendable, CaseIterable {
  /// No statistics collected since the number's last move to Archive or its addition.
  /// "Collected" for a day means *any* number has a statistics row for that day.
  case noData = "no_data"
  /// Fewer days than the cooling period since the first statistics.
  case insufficientData = "insufficient_data"
  /// At least one non-target call within the last cooling period.
  case hasCalls = "has_calls"
  /// The cooling period has passed with statistics and without a single non-target call.
  case noCalls = "no_calls"
  /// FMTN numbers and numbers of the agent place of service: non-target calls do not count.
  case ignored
}

/// Whether a number may be sold (the seed's «Доступен для продажи»).
public enum SaleAvailability: String, Sendable, CaseIterable {
  /// Yes, by its non-target calls (No NCV or Ignore NCV).
  case yes
  /// Yes, because staff forced it (with the permission, who and why recorded).
  case forced
  case no
}

/// The rules that turn a number's statistics into its class and availability. The same rules
/// run in SQL for searches over the whole pool (``NumberSaleRules/classSQL``); a property
/// test holds the two to agreement.
public struct NumberSaleRules: Sendable, Hashable {
  /// Setting `coolingPeriodDays` (the seed's «Срок отлежки номеров», 30).
  public let coolingDays: Int
  /// Setting `agentPlaceOfService`: the place of service whose numbers ignore NCV.
  public let agentPlace: String

  public init(coolingDays: Int, agentPlace: String) {
    self.coolingDays = coolingDays
    self.agentPlace = agentPlace
  }

  /// What Telecom knows of one number for its class.
  public struct Facts: Sendable, Hashable {
    public var fmtn: Bool
    public var place: String
    /// The first day with statistics (for any number) on or after the number's last move to
    /// Archive or its addition; nil when there is none yet.
    public var firstStatisticsDay: CalendarDate?
    /// The last day since that move with a non-target call to the number.
    public var lastCallDay: CalendarDate?

    public init(fmtn: Bool, place: String, firstStatisticsDay: CalendarDate?, lastCallDay: CalendarDate?) {
      self.fmtn = fmtn
      self.place = place
      self.firstStatisticsDay = firstStatisticsDay
      self.lastCallDay = lastCallDay
    }
  }

  /// The class on `today`. The cooling period is the days from `today − coolingDays` to
  /// `today`, both included; "enough data" is `today − first statistics ≥ coolingDays`.
  public func classify(_ facts: Facts, today: CalendarDate) -> NonTargetCallClass {
    if facts.fmtn || facts.place == self.agentPlace { return .ignored }
    guard let first = facts.firstStatisticsDay, first <= today else { return .noData }
    if Int(today.daysSinceEpoch) - Int(first.daysSinceEpoch) < self.coolingDays { return .insufficientData }
    if let last = facts.lastCallDay, Int(last.daysSinceEpoch) >= Int(today.daysSinceEpoch) - self.coolingDays {
      return .hasCalls
    }
    return .noCalls
  }

  /// A reserved or working number is not for sale; a forced one is; otherwise its class decides.
  public func availability(status: NumberStatus, forced: Bool, class ncv: NonTargetCallClass) -> SaleAvailability {
    if status.isTaken { return .no }
    if forced { return .forced }
    return ncv == .noCalls || ncv == .ignored ? .yes : .no
  }

  /// ``classify(_:today:)`` as a SQL expression over `did_numbers` columns aliased `n`, with
  /// `$today`, `$cooling` and `$agent` bound by the caller as `today`, `cooling` and `agent`.
  public static func classSQL(today: String, cooling: String, agent: String) -> String {
    """
    CASE WHEN n.fmtn OR n.place = \(agent) THEN 'ignored'
         WHEN n.first_stats_day IS NULL OR n.first_stats_day > \(today) THEN 'no_data'
         WHEN \(today) - n.first_stats_day < \(cooling) THEN 'insufficient_data'
         WHEN n.last_call_day >= \(today) - \(cooling) THEN 'has_calls'
         ELSE 'no_calls' END
    """
  }

  /// ``availability(status:forced:class:)`` over the class expression `ncv`.
  public static func availabilitySQL(ncv: String) -> String {
    """
    CASE WHEN n.status IN ('reserved', 'in_work') THEN 'no'
         WHEN n.forced_at IS NOT NULL THEN 'forced'
         WHEN (\(ncv)) IN ('no_calls', 'ignored') THEN 'yes'
         ELSE 'no' END
    """
  }
}
