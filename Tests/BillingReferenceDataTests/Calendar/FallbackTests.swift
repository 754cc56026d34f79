import BillingReferenceData
import Testing
import WireCodec

/// Years without shipped data: weekends plus the law's fixed-date holidays and carry-over rule.
@Suite struct FallbackTests {
  @Test func coverageIsReported() throws {
    let russia = try BusinessCalendar.shipped(country: "RU")
    #expect(russia.isCovered(year: 2025))
    #expect(!russia.isCovered(year: 2028))
    #expect(russia.shippedData(for: 2028) == nil)
    #expect(russia.basis(of: 2028) == .fallbackOnly)
  }

  @Test func russia2028UsesTheStatute() throws {
    let russia = try BusinessCalendar.shipped(country: "RU")
    #expect(!russia.isBusinessDay(try day("2028-01-03")))  // Monday in the New Year holidays
    #expect(!russia.isBusinessDay(try day("2028-03-08")))  // Wednesday, 8 March
    #expect(!russia.isBusinessDay(try day("2028-11-06")))  // 4 November is a Saturday: carried to Monday
    #expect(russia.isBusinessDay(try day("2028-11-07")))
    let entry = try #require(russia.entry(for: try day("2028-11-06")))
    #expect(entry.origin == .statute)
  }

  @Test func kazakhstan2028UsesTheStatute() throws {
    let kazakhstan = try BusinessCalendar.shipped(country: "KZ")
    #expect(!kazakhstan.isBusinessDay(try day("2028-03-22")))  // Nauryz, Wednesday
    #expect(!kazakhstan.isBusinessDay(try day("2028-12-18")))  // 16 December is a Saturday
    #expect(kazakhstan.isBusinessDay(try day("2028-12-19")))
    // 14 statutory holidays (Constitution Day on 15 March, not 30 August, since the 2026
    // Constitution); 1 and 2 January, 7 May and 16 December fall on weekends and carry over to
    // 3 and 4 January, 8 May and 18 December.
    #expect(kazakhstan.holidays(in: 2028).count == 18)
    #expect(!kazakhstan.isBusinessDay(try day("2028-03-15")))
    #expect(kazakhstan.isBusinessDay(try day("2028-08-30")))
    #expect(!kazakhstan.isBusinessDay(try day("2028-01-04")))
  }

  @Test func otherCountriesHaveWeekendsOnly() throws {
    let germany = try BusinessCalendar.shipped(country: "de")
    #expect(germany.country == "DE")
    #expect(germany.coveredYears.isEmpty)
    #expect(germany.isBusinessDay(try day("2025-01-01")))  // Wednesday
    #expect(!germany.isBusinessDay(try day("2025-01-04")))  // Saturday
    #expect(germany.businessDay(5, after: try day("2025-01-03")) == (try day("2025-01-10")))
  }
}
