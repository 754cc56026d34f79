import PostgresNIO
import TelecomAPI
import TelecomRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A pool number as read with its class and availability of the day (``Telecom/numberSelect(today:)``).
struct NumberRow: Sendable {
  typealias Columns = (
    String, String, String, String, Bool, String, UUID?, String, CalendarDate, CalendarDate?, CalendarDate?, String,
    String, UTCTimestamp, String, String
  )

  let number: String
  let region: String
  let provider: String
  let place: String
  let fmtn: Bool
  let status: NumberStatus
  let subscriptionID: UUID?
  let accountNumber: String
  let statisticsSince: CalendarDate
  let lastCallDay: CalendarDate?
  let payBy: CalendarDate?
  let forcedBy: String
  let forcedReason: String
  let statusChangedAt: UTCTimestamp
  let ncv: NonTargetCallClass
  let availability: SaleAvailability

  init(_ row: Columns) {
    self.number = row.0
    self.region = row.1
    self.provider = row.2
    self.place = row.3
    self.fmtn = row.4
    self.status = NumberStatus(rawValue: row.5) ?? .free
    self.subscriptionID = row.6
    self.accountNumber = row.7
    self.statisticsSince = row.8
    self.lastCallDay = row.9
    self.payBy = row.10
    self.forcedBy = row.11
    self.forcedReason = row.12
    self.statusChangedAt = row.13
    self.ncv = NonTargetCallClass(rawValue: row.14) ?? .noData
    self.availability = SaleAvailability(rawValue: row.15) ?? .no
  }

  var message: DidNumber {
    DidNumber(
      number: self.number, region: self.region, provider: self.provider, placeOfService: self.place, fmtn: self.fmtn,
      status: self.status.wire, subscriptionID: self.subscriptionID?.uuidString.lowercased() ?? "",
      accountNumber: self.accountNumber, nonTargetClass: self.ncv.wire, availability: self.availability.wire,
      statisticsSince: self.statisticsSince, lastCallDay: self.lastCallDay, payBy: self.payBy,
      forcedBy: self.forcedBy, forcedReason: self.forcedReason, statusChangedAt: self.statusChangedAt)
  }
}

extension NumberStatus {
  var wire: DidNumberStatus {
    switch self {
    case .free: .free
    case .reserved: .reserved
    case .inWork: .inWork
    case .archive: .archive
    }
  }

  init?(_ wire: DidNumberStatus) {
    guard let status = Self.allCases.first(where: { $0.wire == wire }) else { return nil }
    self = status
  }
}

extension NonTargetCallClass {
  var wire: NonTargetClass {
    switch self {
    case .noData: .noData
    case .insufficientData: .insufficientData
    case .hasCalls: .hasCalls
    case .noCalls: .noCalls
    case .ignored: .ignored
    }
  }

  init?(_ wire: NonTargetClass) {
    guard let value = Self.allCases.first(where: { $0.wire == wire }) else { return nil }
    self = value
  }
}

extension SaleAvailability {
  var wire: NumberAvailability {
    switch self {
    case .yes: .yes
    case .forced: .forced
    case .no: .no
    }
  }

  init?(_ wire: NumberAvailability) {
    guard let value = Self.allCases.first(where: { $0.wire == wire }) else { return nil }
    self = value
  }
}

/// What happened to a number, as `did_number_history.event` stores it.
enum NumberEventColumn: String, Sendable, CaseIterable {
  case added
  case reserved
  case activated
  case released
  case freedFromArchive = "freed_from_archive"
  case reservationExpired = "reservation_expired"
  case forced
  case unforced
  case detailsChanged = "details_changed"

  var wire: NumberEvent {
    switch self {
    case .added: .added
    case .reserved: .reserved
    case .activated: .activated
    case .released: .released
    case .freedFromArchive: .freedFromArchive
    case .reservationExpired: .reservationExpired
    case .forced: .forced
    case .unforced: .unforced
    case .detailsChanged: .detailsChanged
    }
  }
}
