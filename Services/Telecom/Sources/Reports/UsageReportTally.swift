import TelecomAPI

/// A report's totals, summed as rows or grouped sums come in: records, quantity per kind (each
/// in its unit) and cost per currency. Sums saturate at Int64's bounds rather than trap; with
/// quantities and costs bounded per record, no real report comes near them.
struct UsageReportTally: Sendable {
  private(set) var records: Int64 = 0
  private(set) var byKind: [UsageKind: (records: Int64, quantity: Int64)] = [:]
  private(set) var byCurrency: [String: Int64] = [:]

  /// Adds `records` records of `kind` with these sums.
  mutating func add(kind: UsageKind, records: Int64, quantity: Int64, currency: String, costMinor: Int64) {
    self.records = Self.sum(self.records, records)
    let current = self.byKind[kind] ?? (0, 0)
    self.byKind[kind] = (Self.sum(current.records, records), Self.sum(current.quantity, quantity))
    self.byCurrency[currency] = Self.sum(self.byCurrency[currency] ?? 0, costMinor)
  }

  mutating func add(_ row: UsageReportRecord) {
    self.add(
      kind: row.usageKind, records: row.records, quantity: row.quantity, currency: row.currency,
      costMinor: row.costMinor)
  }

  static func sum(_ lhs: Int64, _ rhs: Int64) -> Int64 {
    let (value, overflow) = lhs.addingReportingOverflow(rhs)
    return overflow ? (rhs > 0 ? .max : .min) : value
  }

  /// Kinds in the order data, calls, SMS; currencies alphabetically.
  var wire: UsageReportTotals {
    UsageReportTotals(
      records: UInt64(max(self.records, 0)),
      quantities: [UsageKind.data, .call, .sms].compactMap { kind in
        self.byKind[kind].map {
          UsageQuantityTotal(kind: kind, unit: kind.unit, records: UInt64(max($0.records, 0)), quantity: $0.quantity)
        }
      },
      costs: self.byCurrency.keys.sorted().map { currency in
        let minor = self.byCurrency[currency] ?? 0
        return UsageCostTotal(
          currency: currency, costMinor: minor, cost: ReportMoney.decimal(minor, currency: currency))
      })
  }
}
