import BillingAPI
import BillingReferenceData
import PostgresNIO
import RPC
import Storage
import WireCodec

extension Billing {
  func setCalendarDay(_ request: SetCalendarDayRequest, caller: Caller) async throws -> CalendarDay {
    guard request.country == .russia || request.country == .kazakhstan else {
      throw BillingError.countryWithoutCalendar
    }
    let name = request.name.trimmingWhitespace
    var checks = FieldChecks()
    checks.text(name, field: "name", name: "The name or reason", maximum: 300)
    try checks.check()
    try await self.database.transaction { connection in
      try await connection.query(
        """
        INSERT INTO calendar_overrides (country, day, working, name, set_at)
        VALUES (\(request.country.column), \(request.date), \(request.working), \(name), \(self.now))
        ON CONFLICT (country, day) DO UPDATE SET working = EXCLUDED.working, name = EXCLUDED.name, set_at = EXCLUDED.set_at
        """, logger: self.logger)
    }
    self.logger.info(
      "production calendar edited",
      metadata: [
        "country": "\(request.country.column)", "date": "\(request.date)", "working": "\(request.working)",
        "by": "\(caller.userID)",
      ])
    return CalendarDay(date: request.date, working: request.working, name: name, edited: true)
  }

  func listCalendar(_ request: ListCalendarRequest) async throws -> ListCalendarReply {
    guard request.country == .russia || request.country == .kazakhstan else {
      throw BillingError.countryWithoutCalendar
    }
    let calendar = try await self.database.withConnection { connection in
      try await self.calendar(for: request.country.column, on: connection)
    }
    let year = Int(request.year)
    let basis = CalendarBasis(calendar.basis(of: year))
    return ListCalendarReply(
      days: calendar.entries(in: year).map { entry in
        CalendarDay(
          date: entry.date, working: entry.kind.isWorking, name: entry.kind.name ?? "",
          edited: entry.origin == .override)
      },
      covered: basis == .decreed, basis: basis, sources: calendar.sources(of: year))
  }

  /// The production calendar of a country (`RU`, `KZ`; anything else has weekends only) with
  /// the staff's edits from the database on top.
  func calendar(for country: String, on connection: PostgresConnection) async throws -> BusinessCalendar {
    let rows = try await connection.query(
      "SELECT day, working, name FROM calendar_overrides WHERE country = \(country)", logger: self.logger
    ).decode((CalendarDate, Bool, String).self).collect()
    var overrides: [CalendarDate: DayKind] = [:]
    for (day, working, name) in rows {
      overrides[day] = working ? .working(name: name) : .holiday(name: name)
    }
    return try BusinessCalendar.shipped(country: country, overrides: overrides)
  }
}

extension CalendarBasis {
  init(_ basis: BusinessCalendar.Basis) {
    switch basis {
    case .decreed: self = .decreed
    case .derived: self = .derived
    case .fallbackOnly: self = .fallbackOnly
    }
  }
}
