import PostgresNIO
import RPC
import Storage
import UtilitiesAPI
import UtilitiesRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Utilities {
  /// The most readings one submission names.
  static let maximumReadingsPerSubmission = 50

  /// «Передать показания»: the seed's refusals first (removed meter, no factory number, some
  /// meters without confirmation), then each reading judged against its meter's history
  /// (``ReadingValidation``). One refusal refuses the whole submission and nothing is
  /// registered; otherwise each reading replaces the month's earlier one of its meter.
  func submitReadings(_ request: SubmitReadingsRequest, caller: Caller) async throws -> SubmitReadingsReply {
    try caller.require(UtilitiesPermission.readingsSubmit)
    let source = request.source == .unspecified ? ReadingSource.site : request.source
    switch source {
    case .site, .mobileApp: break
    case .inspector, .importFile: try caller.require(UtilitiesPermission.readingsImport)
    case .installation, .unspecified:
      var checks = FieldChecks()
      checks.add("source", "SOURCE_INVALID", "Readings come from the site, the mobile app, an inspector or an import.")
      try checks.check()
    }
    var checks = FieldChecks()
    if request.readings.isEmpty || request.readings.count > Self.maximumReadingsPerSubmission {
      checks.add("readings", "COUNT_INVALID", "Give 1–\(Self.maximumReadingsPerSubmission) readings.")
    }
    if Set(request.readings.map(\.meterID)).count != request.readings.count {
      checks.add("readings", "METER_REPEATED", "One reading per meter.")
    }
    for (index, reading) in request.readings.enumerated() where reading.value.count > 32 {
      checks.add("readings[\(index)].value", "READING_INVALID", "A reading is at most 32 characters.")
    }
    try checks.check()
    let today = self.today
    let actor = caller.actor
    let readings = try await self.database.transaction { connection in
      let account = try await self.visibleAccount(request.accountNumber, caller: caller, on: connection)
      let meters = try await self.lockedMeters(of: account.message.number, on: connection)
      let refusals = ReadingSubmission.refusals(
        named: request.readings.map { $0.meterID.lowercased() },
        meters: meters.map {
          ReadingSubmission.Meter(
            id: $0.id.uuidString.lowercased(), factoryNumber: $0.factoryNumber, installed: $0.installed)
        },
        confirmed: request.confirmedPartial)
      if let refusal = refusals.first {
        throw UtilitiesError.refused(reason: refusal.reason, message: refusal.message)
      }
      try await self.refuseClosedMonth(account.message.number, period: today.firstOfMonth, on: connection)
      var registered: [Reading] = []
      for (index, input) in request.readings.enumerated() {
        guard let meter = meters.first(where: { $0.id.uuidString.lowercased() == input.meterID.lowercased() }) else {
          throw UtilitiesError.meterNotFound
        }
        let reading = try await self.register(
          input.value, field: "readings[\(index)].value", meter: meter, readOn: today, source: source,
          externalID: nil, actor: actor, on: connection)
        registered.append(reading)
      }
      return registered
    }
    return SubmitReadingsReply(message: ReadingSubmission.inProcessing, readings: readings)
  }

  /// Registers one reading of `meter`, replacing the live one of its month, or throws the
  /// verdict's refusal. The caller holds the meter's row lock.
  func register(
    _ value: String, field: String, meter: MeterRow, readOn: CalendarDate, source: ReadingSource, externalID: String?,
    actor: String, on connection: PostgresConnection
  ) async throws -> Reading {
    guard let units = meter.register.units(of: value) else {
      var checks = FieldChecks()
      checks.add(
        field, "READING_INVALID",
        "«\(value)» does not fit the register: \(meter.register.digits) digits and \(meter.register.decimals) decimals."
      )
      try checks.check()
      throw UtilitiesError.meterNotFound
    }
    let period = readOn.firstOfMonth
    let previous = try await connection.query(
      """
      SELECT units, read_on FROM readings WHERE meter_id = \(meter.id) AND status IN ('processing', 'billed')
        AND period < \(period) ORDER BY read_on DESC, submitted_at DESC LIMIT 1
      """, logger: self.logger
    ).decode((Int64, CalendarDate).self).collect().first
    let usual = try await self.usualConsumption(meter, since: previous?.1, until: readOn, on: connection)
    let verdict = self.settings.validation.judge(
      previous: previous?.0, current: units, register: meter.register, usual: usual,
      verificationDue: meter.verificationDue(settings: self.settings), readOn: readOn)
    let status: String
    var reason = ""
    var flags: [String] = []
    var consumption: Int64?
    switch verdict {
    case .refused(let code, let message):
      throw UtilitiesError.refused(reason: code, message: message)
    case .held(let used, let code):
      status = "held"
      reason = code
      consumption = used
    case .accepted(let used, let marks):
      status = "processing"
      flags = marks
      consumption = previous == nil ? nil : used
    }
    try await connection.query(
      """
      UPDATE readings SET status = 'rejected', reason = 'REPLACED', reviewed_by = \(actor), reviewed_at = \(self.now)
      WHERE meter_id = \(meter.id) AND period = \(period) AND status IN ('processing', 'held')
      """, logger: self.logger)
    let id = UUID()
    try await connection.query(
      """
      INSERT INTO readings (id, meter_id, account_number, units, read_on, period, source, status, reason, flags,
        consumption_units, external_id, submitted_by, submitted_at)
      VALUES (\(id), \(meter.id), \(meter.accountNumber), \(units), \(readOn), \(period), \(source.column), \(status),
        \(reason), \(flags), \(consumption), \(externalID), \(actor), \(self.now))
      """, logger: self.logger)
    return try await self.reading(id, on: connection).message
  }

  /// The meter's usual consumption over the span from `since` to `until`: its average billed
  /// real month (last six) scaled to the span's days; nil without history.
  func usualConsumption(_ meter: MeterRow, since: CalendarDate?, until: CalendarDate, on connection: PostgresConnection)
    async throws -> Int64?
  {
    guard let since else { return nil }
    let months = try await connection.query(
      """
      SELECT units FROM meter_months WHERE meter_id = \(meter.id) AND NOT estimated AND reading_id IS NOT NULL
      ORDER BY period DESC LIMIT 6
      """, logger: self.logger
    ).decode(Int64.self).collect()
    guard !months.isEmpty else { return nil }
    let monthly = months.reduce(0, +) / Int64(months.count)
    let days = max(1, Int64(until.daysSinceEpoch - since.daysSinceEpoch))
    // Capped at the register's capacity: the validation's products then stay inside 64 bits.
    let (scaled, overflow) = monthly.multipliedReportingOverflow(by: days)
    return overflow ? meter.register.capacity : min(scaled / 30, meter.register.capacity)
  }

  /// The account's meters, locked in id order for the submission.
  func lockedMeters(of account: String, on connection: PostgresConnection) async throws -> [MeterRow] {
    try await connection.query(
      "SELECT \(unescaped: MeterRow.columns) FROM meters m WHERE m.account_number = \(account) ORDER BY m.id FOR UPDATE",
      logger: self.logger
    ).decode(MeterRow.Row.self).collect().map(MeterRow.init)
  }

  func refuseClosedMonth(_ account: String, period: CalendarDate, on connection: PostgresConnection) async throws {
    let closed = try await connection.query(
      "SELECT 1 FROM month_closes WHERE account_number = \(account) AND period = \(period)", logger: self.logger
    ).decode(Int32.self).collect()
    if !closed.isEmpty { throw UtilitiesError.monthClosed }
  }

  func reading(_ id: UUID, on connection: PostgresConnection) async throws -> ReadingRow {
    guard
      let row = try await connection.query(
        "SELECT \(unescaped: ReadingRow.columns) FROM readings r JOIN meters m ON m.id = r.meter_id WHERE r.id = \(id)",
        logger: self.logger
      ).decode(ReadingRow.Row.self).collect().first
    else { throw UtilitiesError.readingNotFound }
    return ReadingRow(row)
  }

  /// Staff accept a held reading (it is billed at the month close) or reject it.
  func reviewReading(_ request: ReviewReadingRequest, caller: Caller) async throws -> Reading {
    try caller.require(UtilitiesPermission.readingsReview)
    var checks = FieldChecks()
    checks.text(request.comment, field: "comment", name: "The comment", maximum: 500)
    try checks.check()
    guard let id = UUID(uuidString: request.readingID) else { throw UtilitiesError.readingNotFound }
    return try await self.database.transaction { connection in
      let reading = try await self.reading(id, on: connection)
      _ = try await self.visibleAccount(reading.message.accountNumber, caller: caller, on: connection)
      guard reading.status == .held else { throw UtilitiesError.readingNotHeld }
      try await connection.query(
        """
        UPDATE readings SET status = \(request.accept ? "processing" : "rejected"), review_comment = \(request.comment),
          reviewed_by = \(caller.actor), reviewed_at = \(self.now)
        WHERE id = \(id)
        """, logger: self.logger)
      return try await self.reading(id, on: connection).message
    }
  }

  func listReadings(_ request: ListReadingsRequest, caller: Caller) async throws -> ListReadingsReply {
    try caller.require(UtilitiesPermission.metersRead)
    let page = try Self.pages.page(of: request.page, by: PageKeyPair<UTCTimestamp, UUID>.self)
    let meter = request.meterID.isEmpty ? nil : try Self.meterID(request.meterID)
    let status = request.status.column
    let rows = try await self.database.withConnection { connection in
      let account = try await self.visibleAccount(request.accountNumber, caller: caller, on: connection)
      return try await connection.query(
        """
        SELECT \(unescaped: ReadingRow.columns) FROM readings r JOIN meters m ON m.id = r.meter_id
        WHERE r.account_number = \(account.message.number) AND (\(meter)::uuid IS NULL OR r.meter_id = \(meter))
          AND (\(status)::text IS NULL OR r.status = \(status))
          AND (\(page.after?.first)::timestamptz IS NULL OR (r.submitted_at, r.id) < (\(page.after?.first), \(page.after?.second)))
        ORDER BY r.submitted_at DESC, r.id DESC LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(ReadingRow.Row.self).collect().map(ReadingRow.init)
    }
    let (shown, next) = page.cut(rows) { PageKeyPair($0.message.submittedAt, $0.id) }
    return ListReadingsReply(readings: shown.map(\.message), nextPageToken: next)
  }
}
