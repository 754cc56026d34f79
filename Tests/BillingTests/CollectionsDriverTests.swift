import BillingReferenceData
import BillingRules
import Testing
import WireCodec

@testable import BillingService

/// The collections driver's SQL decides "which step is due" from per-country issue-date
/// thresholds; these must give the schedule's own answer for every issue date and day, or the
/// driver would skip an account that has a reminder or block due.
@Suite("Collections driver thresholds")
struct CollectionsDriverTests {
  /// The step the driver's query picks for an invoice issued on `issued`: the first threshold
  /// (by rank) the issue date is on or before.
  func driverStep(_ driver: CollectionsDriver, country: String, issued: CalendarDate) -> String? {
    driver.thresholds.filter { $0.country == country }.sorted { $0.rank < $1.rank }
      .first { issued <= $0.issuedBy }?.step
  }

  func scheduleStep(_ step: CollectionSchedule.Step) -> String? {
    switch step {
    case .nothing: nil
    case .block: "block"
    case .remind(let day): "reminder-\(day)"
    }
  }

  @Test("for every day of 2026 and every issue date of the 60 days before, RU and KZ calendars")
  func matchesSchedule() throws {
    let schedule = CollectionSchedule.standard
    let calendars: [String: Result<BusinessCalendar, any Error>] = [
      "RU": .success(try BusinessCalendar.shipped(country: "RU")),
      "KZ": .success(try BusinessCalendar.shipped(country: "KZ")),
    ]
    let first = CalendarDate.day(2026, 1, 1)
    var compared = 0
    for offset in Int32(0)..<365 {
      let day = CalendarDate(daysSinceEpoch: first.daysSinceEpoch + offset)
      let driver = CollectionsDriver(on: day, schedule: schedule, calendars: calendars)
      for (country, calendar) in calendars {
        let calendar = try calendar.get()
        for back in Int32(0)...60 {
          let issued = CalendarDate(daysSinceEpoch: day.daysSinceEpoch - back)
          let expected = self.scheduleStep(schedule.step(on: day, issuedOn: issued, calendar: calendar))
          #expect(
            self.driverStep(driver, country: country, issued: issued) == expected, "\(country) \(issued) on \(day)")
          compared += 1
        }
      }
    }
    #expect(compared == 365 * 2 * 61)
  }

  @Test("a country whose calendar cannot be read has every unpaid invoice visited")
  func unreadableCalendar() {
    struct Unreadable: Error {}
    let day = CalendarDate.day(2026, 6, 1)
    let driver = CollectionsDriver(on: day, schedule: .standard, calendars: ["other": .failure(Unreadable())])
    #expect(driver.thresholds.map(\.step) == ["block", "reminder-5", "reminder-3"])
    #expect(driver.thresholds.allSatisfy { $0.issuedBy == day })
  }
}
