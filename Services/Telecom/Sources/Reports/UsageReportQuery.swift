import RPC
import TelecomAPI
import TelecomRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A usage report request checked and made concrete: which records (kinds, SIMs, the
/// organization a customer is confined to, the days) and in which time zone. Built only by
/// ``init(_:organization:timeZone:)``, which refuses a request out of bounds before anything
/// is read (docs/telecom.md, "Usage reports and downloads").
struct UsageReportQuery: Sendable, Hashable {
  /// The widest range of days one report covers: a year, leap day included.
  static let maximumDays = 366
  /// The years a report may name: usage is not older than Telecom, and far-future dates would
  /// only ever be empty.
  static let years = 2000...2999

  let template: UsageReportTemplate
  /// Distinct ICCIDs; empty for every SIM the caller may see.
  let iccids: [String]
  let from: CalendarDate
  let through: CalendarDate
  /// The customer's organization; nil for staff, who see every SIM's usage.
  let organization: UUID?
  /// The IANA time zone days are cut in.
  let timeZone: String

  /// The kinds of record the template shows, as `usage_records.kind` holds them.
  var kinds: [String] {
    switch self.template {
    case .sessions: ["data"]
    case .callsAndSms: ["call", "sms"]
    case .days, .unspecified: ["data", "call", "sms"]
    }
  }

  /// The day after `through`: records are those that start before it (local midnight).
  var until: CalendarDate { CalendarDate(daysSinceEpoch: self.through.daysSinceEpoch + 1) }

  init(_ request: UsageReportRequest, organization: UUID?, timeZone: String) throws(ValidationFailure) {
    var checks = FieldChecks()
    if request.template == .unspecified {
      checks.add("template", "REQUIRED", "Choose a template: sessions, days, or calls and SMS.")
    }
    if request.iccids.count > Telecom.maximumSelection {
      checks.add("iccids", "COUNT", "Name at most \(Telecom.maximumSelection) SIMs, or none for all of yours.")
    } else {
      for (index, iccid) in request.iccids.enumerated() {
        do {
          _ = try ICCID(iccid)
        } catch {
          checks.add("iccids[\(index)]", error.reason, error.message)
        }
      }
    }
    for (date, field) in [(request.from, "from"), (request.through, "through")]
    where !Self.years.contains(date.components.year) {
      checks.add(
        field, "OUT_OF_RANGE", "A report's days are in the years \(Self.years.lowerBound)–\(Self.years.upperBound).")
    }
    let days = Int(request.through.daysSinceEpoch) - Int(request.from.daysSinceEpoch) + 1
    if days < 1 {
      checks.add("through", "BEFORE_FROM", "The last day comes before the first.")
    } else if days > Self.maximumDays {
      checks.add(
        "through", "RANGE_TOO_LONG", "A report covers at most \(Self.maximumDays) days; \(days) were asked for.")
    }
    try checks.check()
    self.template = request.template
    self.iccids = Array(Set(request.iccids)).sorted()
    self.from = request.from
    self.through = request.through
    self.organization = organization
    self.timeZone = timeZone
  }

  /// `01.03.2026–31.03.2026`, as the file and the mail name the period.
  var period: String {
    "\(Self.russian(self.from))–\(Self.russian(self.through))"
  }

  /// The template as the cabinet's menu names it.
  var title: String {
    switch self.template {
    case .sessions: "По сессиям"
    case .days: "По дням"
    case .callsAndSms, .unspecified: "По звонкам и SMS"
    }
  }

  /// `usage-sessions-2026-03-01-2026-03-31.xlsx`: ASCII, so every client saves it as named.
  var fileName: String {
    let template =
      switch self.template {
      case .sessions: "sessions"
      case .days: "days"
      case .callsAndSms, .unspecified: "calls-sms"
      }
    return "usage-\(template)-\(self.from)-\(self.through).xlsx"
  }

  static func russian(_ date: CalendarDate) -> String {
    let (year, month, day) = date.components
    return "\(day < 10 ? "0" : "")\(day).\(month < 10 ? "0" : "")\(month).\(year)"
  }
}
