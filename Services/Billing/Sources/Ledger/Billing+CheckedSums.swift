/// Sums of money that cannot overflow. PostgreSQL sums `bigint`s as exact `numeric`s; only a
/// cast back to `bigint` can fail, and a failed cast fails the whole statement (and with it a
/// night's cycle for every account). So sums are selected as text (`sum(x)::text`) and parsed
/// here: one that does not fit is refused for the one account it belongs to.
extension Billing {
  /// A sum selected as text, refused with TOTAL_OUT_OF_RANGE when it does not fit an `Int64`
  /// or lies beyond what one account's balance may hold. NULL (no rows) is 0.
  func checked(_ sum: String?, currency: String, what: @autoclosure () -> String) throws(BillingError) -> Int64 {
    guard let sum else { return 0 }
    guard let value = Int64(sum) else { throw BillingError.totalOutOfRange(what()) }
    return try self.withinBalanceLimit(value, currency: currency, what: what())
  }

  /// `value`, refused with TOTAL_OUT_OF_RANGE beyond what one account's balance may hold.
  func withinBalanceLimit(_ value: Int64, currency: String, what: @autoclosure () -> String) throws(BillingError)
    -> Int64
  {
    let limit = self.settings.amountLimits.balanceLimitMinor(currency) ?? 0
    guard value.magnitude <= limit.magnitude else { throw BillingError.totalOutOfRange(what()) }
    return value
  }

  /// The total of a document's line amounts (each a sum as text), refused when any line or the
  /// total is beyond what one account's balance may hold.
  func documentTotal(_ amounts: [String?], currency: String, what: String) throws(BillingError) -> (
    lines: [Int64], total: Int64
  ) {
    var lines: [Int64] = []
    var total: Int64 = 0
    for amount in amounts {
      let line = try self.checked(amount, currency: currency, what: what)
      // Both terms are within the balance limit (10^18 at most), so the sum cannot overflow
      // before it is checked against the limit again.
      total = try self.withinBalanceLimit(total + line, currency: currency, what: what)
      lines.append(line)
    }
    return (lines, total)
  }
}
