import GRPCCore
public import Prometheus
public import WireCodec

/// The checks and refusals the refused-charge methods share (docs/platform.md, "Charges Billing
/// refused"), so that Telecom, Utilities and ISP answer the same request the same way.
public enum RefusedCharges {
  /// The usage ids one RepostCharges may name.
  public static let maximumReposts = 1000
  public static let maximumNote = 500
  /// Billing's own bound on a usage id.
  public static let maximumUsageID = 100
  /// Every list of them: 100 by default, at most 1,000.
  public static let pages = PageRules(defaultSize: 100, maximumSize: 1000)
  /// The refused list's order: when refused, then the usage id.
  public typealias PageKey = PageKeyPair<UTCTimestamp, String>

  /// `abonent_charges_refused_total`: charges Billing refused and set aside for staff since the
  /// process started. Any increase wants a person (ListRefusedCharges says which and why).
  public static var refusedMetric: MetricNameDescriptor {
    MetricNameDescriptor(
      namespace: "abonent", subsystem: "charges", metricName: "refused", unitName: "total",
      helpText: "Charges Billing refused, set aside for staff (ListRefusedCharges shows them)")
  }

  /// The service's counter of refused charges, on /metrics from the start (at 0), so an alert
  /// on its increase sees it before the first refusal.
  public static func refusedCounter(in registry: PrometheusCollectorRegistry) -> Counter {
    registry.makeCounter(descriptor: Self.refusedMetric)
  }

  /// Refused charges are the operator's back office and span organizations: a customer's token
  /// is refused even when a role gave it the permission.
  public static func requireBackOffice(_ caller: Caller, _ permission: Permission) throws(PlatformError) {
    try caller.require(permission)
    if caller.kind == .customer { throw PlatformError.outsideOrganization }
  }

  /// Some ids are not refused charges: unknown, posted, or sent again a moment before by
  /// someone else. Nothing of the request was done.
  public static func notRefused(_ ids: [String]) -> PlatformError {
    let shown = ids.prefix(3).joined(separator: ", ") + (ids.count > 3 ? ", …" : "")
    return PlatformError(
      code: .failedPrecondition, reason: "CHARGES_NOT_REFUSED",
      message:
        "\(ids.count) of these usage ids are not charges Billing refused (\(shown)): unknown, posted, or already "
        + "sent again. Nothing was sent; list the refused charges and try again.")
  }

  /// A list's filters: text PostgreSQL can hold, of a sensible length.
  public static func check(account: String, usageID: String = "") throws(ValidationFailure) {
    var checks = FieldChecks()
    checks.text(account, field: "accountNumber", name: "The account number", required: false)
    checks.text(usageID, field: "usageID", name: "The usage id", maximum: Self.maximumUsageID, required: false)
    try checks.check()
  }

  /// A repost's ids (1 to ``maximumReposts``, each present, within Billing's bound, no NUL, no
  /// repeats) and note; an account to move the charges to only where `movesAllowed`.
  public static func check(_ request: RepostChargesRequest, movesAllowed: Bool) throws(ValidationFailure) {
    var checks = FieldChecks()
    let ids = request.usageIDs
    if ids.isEmpty || ids.count > Self.maximumReposts {
      checks.add("usageIDs", "COUNT", "Send 1 to \(Self.maximumReposts) usage ids at a time; \(ids.count) were given.")
    } else if let bad = ids.firstIndex(where: { !Self.isUsageID($0) }) {
      checks.add(
        "usageIDs[\(bad)]", "USAGE_ID_INVALID", "A usage id is 1 to \(Self.maximumUsageID) characters of text.")
    } else if Set(ids).count != ids.count {
      checks.add("usageIDs", "REPEATED", "A usage id is listed more than once.")
    }
    if movesAllowed {
      checks.text(request.accountNumber, field: "accountNumber", name: "The account number", required: false)
    } else if !request.accountNumber.isEmpty {
      checks.add(
        "accountNumber", "UNSUPPORTED", "These charges belong to their own account; they are sent again to it.")
    }
    checks.text(request.note, field: "note", name: "The note", maximum: Self.maximumNote)
    try checks.check()
  }

  static func isUsageID(_ id: String) -> Bool {
    !id.isEmpty && id.count <= Self.maximumUsageID && !id.utf8.contains(0)
  }
}
