import TelecomAPI
import WireCodec

/// One report row as the store reads it: a usage record (sessions, calls and SMS) or a day's
/// group of them (days), with its times both as instants and as the report time zone's wall
/// clock, which the XLSX file shows.
struct UsageReportRecord: Sendable, Hashable {
  /// `id, iccid, msisdn, name, kind, start, end, local start µs, local end µs, quantity,
  /// cost minor, currency, peer, operator, country, day, records` — the order of every report
  /// query's columns.
  typealias Row = (
    String, String, String, String, String, UTCTimestamp, UTCTimestamp, Int64, Int64, Int64, Int64, String, String,
    String, String, CalendarDate, Int64
  )

  /// The record's id; empty for a day row.
  let id: String
  let iccid: String
  let msisdn: String
  let name: String
  /// `data`, `call` or `sms`, as `usage_records.kind` holds it.
  let kind: String
  let start: UTCTimestamp
  let end: UTCTimestamp
  /// Microseconds since 1970-01-01 00:00 of the report time zone's wall clock.
  let localStart: Int64
  let localEnd: Int64
  let quantity: Int64
  let costMinor: Int64
  let currency: String
  let peer: String
  let networkOperator: String
  let country: String
  let day: CalendarDate
  let records: Int64

  init(_ row: Row) {
    (
      self.id, self.iccid, self.msisdn, self.name, self.kind, self.start, self.end, self.localStart, self.localEnd,
      self.quantity, self.costMinor, self.currency, self.peer, self.networkOperator, self.country, self.day,
      self.records
    ) = row
  }

  var usageKind: UsageKind { Self.kind(self.kind) }

  static func kind(_ column: String) -> UsageKind {
    switch column {
    case "data": .data
    case "call": .call
    case "sms": .sms
    default: .unspecified
    }
  }

  var wire: UsageReportRow {
    UsageReportRow(
      start: self.start, end: self.end, msisdn: self.msisdn, iccid: self.iccid, name: self.name, kind: self.usageKind,
      quantity: self.quantity, costMinor: self.costMinor, currency: self.currency,
      cost: ReportMoney.decimal(self.costMinor, currency: self.currency), country: self.country,
      networkOperator: self.networkOperator, peer: self.peer, day: self.day, records: UInt64(max(self.records, 0)),
      recordID: self.id)
  }
}

extension UsageKind {
  /// The unit a quantity of this kind is in.
  var unit: String {
    switch self {
    case .data: "bytes"
    case .call: "seconds"
    case .sms: "messages"
    case .unspecified: ""
    }
  }
}
