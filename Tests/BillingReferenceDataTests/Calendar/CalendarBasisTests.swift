import BillingReferenceData
import Foundation
import Testing
import WireCodec

/// What each shipped year rests on, and that every day in the files says where it comes from.
@Suite struct CalendarBasisTests {
  static let shippedYears = [
    ("RU", 2024), ("RU", 2025), ("RU", 2026), ("RU", 2027), ("KZ", 2024), ("KZ", 2025), ("KZ", 2026), ("KZ", 2027),
  ]

  /// The data files' README, whose table tells staff the basis of each file.
  static let readme = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Services/Billing/ReferenceData/Calendars/README.md")

  func year(_ country: String, _ year: Int) throws -> ProductionCalendarYear {
    try #require(try BusinessCalendar.shipped(country: country).shippedData(for: year))
  }

  /// A transfer names its act: an article of a law, a numbered or dated decree or order, or a URL.
  func citesAnAct(_ source: String) -> Bool {
    source.contains("ст. ") || source.contains("№ ") || source.contains("http")
      || source.contains(/\d{2}\.\d{2}\.\d{4}/)
  }

  /// Decreed: RU by the decrees № 1314, № 1335, № 1466; KZ by the Minister's orders of
  /// 17.04.2024 and 21.11.2024 № 436 and the ministry's published 2026 calendar. Derived: no act
  /// for 2027 was found in either country.
  static let bases: [(String, Int, BusinessCalendar.Basis)] = [
    ("RU", 2024, .decreed), ("RU", 2025, .decreed), ("RU", 2026, .decreed), ("RU", 2027, .derived),
    ("KZ", 2024, .decreed), ("KZ", 2025, .decreed), ("KZ", 2026, .decreed), ("KZ", 2027, .derived),
    ("RU", 2028, .fallbackOnly), ("KZ", 2023, .fallbackOnly),
  ]

  @Test(arguments: bases)
  func basisOfEachYear(country: String, year: Int, basis: BusinessCalendar.Basis) throws {
    let calendar = try BusinessCalendar.shipped(country: country)
    #expect(calendar.basis(of: year) == basis)
    #expect(calendar.isCovered(year: year) == (basis != .fallbackOnly))
    #expect(!calendar.sources(of: year).isEmpty)
  }

  @Test func theReadmeTableSaysTheSameBasis() throws {
    let text = try String(contentsOf: Self.readme, encoding: .utf8)
    for (country, year) in Self.shippedYears {
      let row = try #require(
        text.split(separator: "\n").first { $0.hasPrefix("| \(country)-\(year) |") },
        "no README row for \(country)-\(year)")
      let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      let data = try self.year(country, year)
      #expect(cells[1] == data.basis.rawValue, "\(country)-\(year)")
    }
  }

  @Test(arguments: shippedYears)
  func everyDayNamesItsSource(country: String, year: Int) throws {
    let data = try self.year(country, year)
    #expect(!data.sources.isEmpty)
    for entry in data.entries.values {
      let source = try #require(entry.source, "\(entry.date)")
      #expect(!source.trimmingCharacters(in: .whitespaces).isEmpty, "\(entry.date)")
      let isTransfer = entry.kind.isWorking || entry.kind.name?.hasPrefix("Перенос") == true
      if isTransfer { #expect(self.citesAnAct(source), "\(entry.date): \(source)") }
      // A decreed year holds no guesses, and a derived one claims no decree.
      switch data.basis {
      case .decreed: #expect(!source.hasPrefix("derived"), "\(entry.date)")
      case .derived: #expect(!source.hasPrefix("decree:"), "\(entry.date)")
      }
    }
  }

  @Test func decreeTransfersCiteTheActsFound() throws {
    let kz2025 = try self.year("KZ", 2025)
    #expect(kz2025.entries[try day("2025-01-03")]?.source?.contains("от 21.11.2024 № 436") == true)
    #expect(kz2025.entries[try day("2025-01-05")]?.source?.contains("от 21.11.2024 № 436") == true)
    let kz2024 = try self.year("KZ", 2024)
    #expect(kz2024.entries[try day("2024-05-08")]?.source?.contains("от 17.04.2024") == true)
    let ru2026 = try self.year("RU", 2026)
    #expect(ru2026.entries[try day("2026-01-09")]?.source?.contains("от 24.09.2025 № 1466") == true)
    #expect(ru2026.entries[try day("2026-12-31")]?.source?.contains("от 24.09.2025 № 1466") == true)
    #expect(ru2026.entries[try day("2026-05-11")]?.source?.contains("ст. 112 ч. 2") == true)
  }

  /// No decree for 2027 was found: the year keeps only the law's carry-overs, and the two New
  /// Year days on Saturday 2 and Sunday 3 January are not moved anywhere by guesswork.
  @Test func russia2027HasNoInventedTransfers() throws {
    let ru2027 = try self.year("RU", 2027)
    #expect(ru2027.basis == .derived)
    #expect(ru2027.entries.values.allSatisfy { !$0.kind.isWorking })
    let carried = ru2027.entries.values.filter { $0.kind.name?.hasPrefix("Перенос") == true }.map(\.date).sorted()
    #expect(carried == [try day("2027-05-03"), try day("2027-05-10"), try day("2027-06-14")])
    #expect(ru2027.entries[try day("2027-12-31")] == nil)
  }

  @Test func fallbackYearsNameTheLaw() throws {
    #expect(try BusinessCalendar.shipped(country: "RU").sources(of: 2030) == ["Трудовой кодекс РФ, ст. 112"])
    #expect(try BusinessCalendar.shipped(country: "KZ").sources(of: 2030).contains { $0.contains("ст. 94 п. 2") })
    let germany = try BusinessCalendar.shipped(country: "DE")
    #expect(germany.basis(of: 2025) == .fallbackOnly)
    #expect(germany.sources(of: 2025).isEmpty)
  }
}
