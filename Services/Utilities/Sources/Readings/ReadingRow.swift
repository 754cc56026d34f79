import UtilitiesAPI
import UtilitiesRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A readings row with its meter's register, as selected by ``columns`` (aliases `r`, `m`).
struct ReadingRow: Sendable {
  static let columns = """
    r.id, r.meter_id, r.account_number, r.units, r.read_on, r.source, r.status, r.reason, r.flags, r.consumption_units,
    r.submitted_by, r.submitted_at, r.review_comment, m.digits, m.decimals, r.period
    """
  typealias Row = (
    UUID, UUID, String, Int64, CalendarDate, String, String, String, [String], Int64?, String, UTCTimestamp, String,
    Int32, Int32, CalendarDate
  )

  let id: UUID
  let meterID: UUID
  let units: Int64
  let readOn: CalendarDate
  let period: CalendarDate
  let source: ReadingSource
  let status: ReadingStatus
  let message: Reading

  init(_ row: Row) {
    let register = MeterRegister(digits: Int(row.13), decimals: Int(row.14)) ?? MeterRegister(digits: 8, decimals: 3)!
    self.id = row.0
    self.meterID = row.1
    self.units = row.3
    self.readOn = row.4
    self.period = row.15
    self.source = ReadingSource(column: row.5)
    self.status = ReadingStatus(column: row.6)
    self.message = Reading(
      id: row.0.uuidString.lowercased(), meterID: row.1.uuidString.lowercased(), accountNumber: row.2,
      value: register.text(of: row.3), readOn: row.4, source: self.source, status: self.status, reason: row.7,
      flags: row.8, consumption: row.9.map { register.text(of: $0).trimmingLeadingZeros } ?? "", submittedBy: row.10,
      submittedAt: row.11, reviewComment: row.12)
  }
}

extension ReadingSource {
  static let columns: [ReadingSource: String] = [
    .site: "site", .mobileApp: "mobile_app", .inspector: "inspector", .importFile: "import",
    .installation: "installation",
  ]

  init(column: String) {
    self = Self.columns.first { $0.value == column }?.key ?? .unspecified
  }

  var column: String { Self.columns[self] ?? "site" }

  /// As the seed's table prints it.
  var russianName: String {
    switch self {
    case .site: "Сайт"
    case .mobileApp: "Мобильное приложение"
    case .inspector: "Контролёр"
    case .importFile: "Импорт"
    case .installation: "Установка"
    case .unspecified: "-"
    }
  }
}

extension ReadingStatus {
  init(column: String) {
    switch column {
    case "processing": self = .processing
    case "held": self = .held
    case "billed": self = .billed
    case "rejected": self = .rejected
    default: self = .unspecified
    }
  }

  var column: String? {
    switch self {
    case .processing: "processing"
    case .held: "held"
    case .billed: "billed"
    case .rejected: "rejected"
    case .unspecified: nil
    }
  }
}

extension String {
  /// `00000005.000` → `5.000`: a quantity, not a register.
  var trimmingLeadingZeros: String {
    let trimmed = self.drop { $0 == "0" }
    return trimmed.isEmpty || trimmed.first == "." ? "0" + trimmed : String(trimmed)
  }
}
