import BillingReferenceData
import BillingRules
import Testing
import WireCodec

/// The collections rule without a database: remind on business days 3 and 5 of the payment
/// window, block on day 6, by the customer's country calendar.
@Suite("Collections schedule")
struct CollectionScheduleTests {
  static func day(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }
  /// Weekends only: a country without a production calendar.
  static let weekends = try! BusinessCalendar(country: "XX", years: [])

  @Test("the standard schedule: due on business day 5, reminders on days 3 and 5, block on day 6")
  func standard() {
    #expect(CollectionSchedule.standard.paymentWindow == 5)
    #expect(CollectionSchedule.standard.reminderDays == [3, 5])
    #expect(CollectionSchedule.standard.blockDay == 6)
  }

  @Test(
    "an invoice issued on Monday 1 June 2026, weekends only",
    arguments: [
      ("2026-06-01", CollectionSchedule.Step.nothing), ("2026-06-03", .nothing),
      ("2026-06-04", .remind(businessDay: 3)),  // Thursday, business day 3
      ("2026-06-05", .remind(businessDay: 3)),  // Friday: day 4, still day 3's reminder (recorded once by the caller)
      ("2026-06-06", .remind(businessDay: 3)),  // Saturday
      ("2026-06-08", .remind(businessDay: 5)),  // Monday, day 5: the last day to pay
      ("2026-06-09", .block),  // Tuesday, day 6
      ("2026-07-01", .block),
    ])
  func weekendsOnly(date: String, expected: CollectionSchedule.Step) {
    let issued = Self.day("2026-06-01")
    #expect(CollectionSchedule.standard.step(on: Self.day(date), issuedOn: issued, calendar: Self.weekends) == expected)
    #expect(CollectionSchedule.standard.dueDate(issuedOn: issued, calendar: Self.weekends) == Self.day("2026-06-08"))
  }

  @Test("a holiday inside the window moves every step one business day later")
  func holiday() throws {
    let calendar = try BusinessCalendar(
      country: "XX", years: [], overrides: [Self.day("2026-06-04"): .holiday(name: "test")])
    let issued = Self.day("2026-06-01")
    let schedule = CollectionSchedule.standard
    #expect(schedule.step(on: Self.day("2026-06-04"), issuedOn: issued, calendar: calendar) == .nothing)
    #expect(schedule.step(on: Self.day("2026-06-05"), issuedOn: issued, calendar: calendar) == .remind(businessDay: 3))
    #expect(schedule.step(on: Self.day("2026-06-09"), issuedOn: issued, calendar: calendar) == .remind(businessDay: 5))
    #expect(schedule.step(on: Self.day("2026-06-10"), issuedOn: issued, calendar: calendar) == .block)
    #expect(!schedule.isOverdue(on: Self.day("2026-06-09"), issuedOn: issued, calendar: calendar))
    #expect(schedule.isOverdue(on: Self.day("2026-06-10"), issuedOn: issued, calendar: calendar))
  }

  @Test("a different schedule is one value: block on business day 11, remind on 5 and 10")
  func otherSchedule() {
    let schedule = CollectionSchedule(paymentWindow: 10, reminderDays: [5, 10])
    let issued = Self.day("2026-06-01")
    #expect(schedule.step(on: Self.day("2026-06-05"), issuedOn: issued, calendar: Self.weekends) == .nothing)  // day 4
    // 12 June is business day 9.
    #expect(
      schedule.step(on: Self.day("2026-06-12"), issuedOn: issued, calendar: Self.weekends) == .remind(businessDay: 5))
    #expect(
      schedule.step(on: Self.day("2026-06-15"), issuedOn: issued, calendar: Self.weekends) == .remind(businessDay: 10))
    #expect(schedule.step(on: Self.day("2026-06-16"), issuedOn: issued, calendar: Self.weekends) == .block)
  }

  /// The order of the steps, for the property below.
  static func rank(_ step: CollectionSchedule.Step) -> Int {
    switch step {
    case .nothing: 0
    case .remind(let day): day
    case .block: 100
    }
  }

  @Test(
    "over every issue day of 2024–2027 and the Russian and Kazakh calendars, the steps only ever move forward, and block exactly from the sixth business day"
  )
  func stepsMoveForward() throws {
    for country in ["RU", "KZ"] {
      let calendar = try BusinessCalendar.shipped(country: country)
      var issued = Self.day("2024-01-01")
      while issued <= Self.day("2027-12-01") {
        var last = 0
        let blockDay = calendar.businessDay(6, after: issued)
        for offset in 0...20 {
          let date = CalendarDate(daysSinceEpoch: issued.daysSinceEpoch + Int32(offset))
          let step = CollectionSchedule.standard.step(on: date, issuedOn: issued, calendar: calendar)
          #expect(Self.rank(step) >= last, "\(country) issued \(issued): \(step) on \(date) after rank \(last)")
          #expect((step == .block) == (date >= blockDay), "\(country) issued \(issued), \(date): \(step)")
          last = Self.rank(step)
        }
        issued = CalendarDate(daysSinceEpoch: issued.daysSinceEpoch + 1)
      }
    }
  }
}
