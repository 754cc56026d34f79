import BillingAPI
import RPC
import TestSupport
import Testing
import WireCodec

@Suite(
  "Production calendars over RPC: what each year rests on",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct CalendarTests {
  func year(_ bed: BillingTestbed, _ country: Country, _ year: Int32) async throws -> ListCalendarReply {
    try await bed.call(
      BillingContract.listCalendar, ListCalendarRequest(country: country, year: year),
      token: try await BillingTestbed.staffToken([BillingPermission.invoicesRead]))
  }

  @Test(
    "ListCalendar says decreed for a year an official act fixes, derived for one computed from the law, fallbackOnly without data; `covered` only when decreed; staff edits change days, not the basis"
  )
  func basis() async throws {
    try await BillingTestbed.with { bed in
      let ru2026 = try await self.year(bed, .russia, 2026)
      #expect(ru2026.basis == .decreed && ru2026.covered)
      #expect(ru2026.sources.contains { $0.contains("от 24.09.2025 № 1466") })

      let ru2027 = try await self.year(bed, .russia, 2027)
      #expect(ru2027.basis == .derived && !ru2027.covered)
      #expect(ru2027.days.allSatisfy { !$0.working })  // no decree, so no worked Saturdays invented

      let kz2026 = try await self.year(bed, .kazakhstan, 2026)
      #expect(kz2026.basis == .decreed && kz2026.covered)
      #expect(!kz2026.days.contains { $0.date == .day(2026, 8, 30) || $0.date == .day(2026, 8, 31) })

      let kz2027 = try await self.year(bed, .kazakhstan, 2027)
      #expect(kz2027.basis == .derived && !kz2027.covered)
      #expect(kz2027.days.contains { $0.date == .day(2027, 3, 15) && !$0.working && $0.name == "День Конституции" })
      #expect(!kz2027.days.contains { $0.date == .day(2027, 8, 30) })
      #expect(kz2027.sources.contains { $0.contains("ст. 94 п. 2") })

      let ru2030 = try await self.year(bed, .russia, 2030)
      #expect(ru2030.basis == .fallbackOnly && !ru2030.covered)
      #expect(ru2030.sources == ["Трудовой кодекс РФ, ст. 112"])
      #expect(ru2030.days.contains { $0.date == .day(2030, 1, 1) && !$0.working && !$0.edited })

      // Staff fix a day of the derived year: the day changes, the year stays derived.
      _ = try await bed.call(
        BillingContract.setCalendarDay,
        SetCalendarDayRequest(
          country: .russia, date: .day(2027, 12, 31), working: false, name: "Исправление персонала"),
        token: try await BillingTestbed.staffToken([BillingPermission.calendarsManage]))
      let edited = try await self.year(bed, .russia, 2027)
      #expect(edited.basis == .derived && !edited.covered)
      #expect(edited.days.contains { $0.date == .day(2027, 12, 31) && $0.edited })
    }
  }
}
