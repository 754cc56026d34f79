/// Where a pool number is in its life (the seed's «Свободен», «Зарезервирован», «В работе»,
/// «Архив» — the sump).
public enum NumberStatus: String, Sendable, CaseIterable {
  case free
  /// Attached to a New subscription, waiting for it to be paid.
  case reserved
  /// Its subscription is active.
  case inWork = "in_work"
  /// Released from a customer, resting until nobody calls it for the cooling period.
  case archive

  /// Whether the number belongs to a customer now, so calls to it are the customer's, not
  /// non-target.
  public var isTaken: Bool { self == .reserved || self == .inWork }
}

/// Where a closed subscription's number goes (setting `closedNumbersTo`): the sump by
/// default; straight to Free is the seed's case 2, which skips the cooling period.
public enum ClosedNumberDestination: String, Sendable, CaseIterable {
  case archive
  case free

  public var status: NumberStatus { self == .archive ? .archive : .free }
}
