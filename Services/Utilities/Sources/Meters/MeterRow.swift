import UtilitiesAPI
import UtilitiesRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A meters row as selected by ``columns`` (alias `m`).
struct MeterRow: Sendable {
  static let columns = """
    m.id, m.account_number, m.water, m.factory_number, m.verified_on, m.installed_on, m.removed_on, m.state, m.digits,
    m.decimals, m.heat_meter, m.anchor_units, m.billed_since_anchor
    """
  typealias Row = (
    UUID, String, String, String, CalendarDate?, CalendarDate, CalendarDate?, String, Int32, Int32, Bool, Int64?, Int64
  )

  let id: UUID
  let accountNumber: String
  let water: WaterKind
  let factoryNumber: String
  let verifiedOn: CalendarDate?
  let installedOn: CalendarDate
  let removedOn: CalendarDate?
  let installed: Bool
  let register: MeterRegister
  let heatMeter: Bool
  let anchorUnits: Int64?
  let billedSinceAnchor: Int64

  init(_ row: Row) {
    self.id = row.0
    self.accountNumber = row.1
    self.water = row.2 == "hot" ? .hot : .cold
    self.factoryNumber = row.3
    self.verifiedOn = row.4
    self.installedOn = row.5
    self.removedOn = row.6
    self.installed = row.7 == "installed"
    // The schema keeps digits 4–10 and decimals 0–3.
    self.register = MeterRegister(digits: Int(row.8), decimals: Int(row.9)) ?? MeterRegister(digits: 8, decimals: 3)!
    self.heatMeter = row.10
    self.anchorUnits = row.11
    self.billedSinceAnchor = row.12
  }

  /// The next verification: the last one plus the water's interval in years.
  func verificationDue(settings: UtilitiesSettings) -> CalendarDate? {
    guard let verified = self.verifiedOn else { return nil }
    let years = self.water == .hot ? settings.verificationYearsHot : settings.verificationYearsCold
    let (year, month, day) = verified.components
    return CalendarDate(
      year: year + years, month: month, day: min(day, CalendarDate.daysIn(month: month, year: year + years)))
  }

  func message(settings: UtilitiesSettings) -> Meter {
    Meter(
      id: self.id.uuidString.lowercased(), accountNumber: self.accountNumber, water: self.water,
      factoryNumber: self.factoryNumber, verifiedOn: self.verifiedOn,
      verificationDue: self.verificationDue(settings: settings), state: self.installed ? .installed : .removed,
      installedOn: self.installedOn, removedOn: self.removedOn, digits: Int32(self.register.digits),
      decimals: Int32(self.register.decimals), heatMeter: self.heatMeter)
  }

  /// The fields staff change, as the history keeps them.
  var summary: String {
    "factoryNumber=\(self.factoryNumber) verifiedOn=\(self.verifiedOn.map { "\($0)" } ?? "") state=\(self.installed ? "installed" : "removed") removedOn=\(self.removedOn.map { "\($0)" } ?? "") heatMeter=\(self.heatMeter)"
  }
}
