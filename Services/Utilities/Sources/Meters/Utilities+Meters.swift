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
  /// Installs a meter; its first reading (the register at installation) is its anchor, so the
  /// first month bills what was used since.
  func addMeter(_ request: AddMeterRequest, caller: Caller) async throws -> Meter {
    try caller.require(UtilitiesPermission.metersManage)
    var checks = FieldChecks()
    checks.date(request.verifiedOn, field: "verifiedOn")
    checks.date(request.installedOn, field: "installedOn")
    if request.water == .unspecified { checks.add("water", "REQUIRED", "Say whether it measures cold or hot water.") }
    checks.text(request.factoryNumber, field: "factoryNumber", name: "The factory number", maximum: 64, required: false)
    let register = MeterRegister(digits: Int(request.digits), decimals: Int(request.decimals))
    if register == nil {
      checks.add("digits", "OUT_OF_RANGE", "A register has 4–10 whole digits and 0–3 decimals.")
    }
    let initial = register.flatMap { $0.units(of: request.initialReading.isEmpty ? "0" : request.initialReading) }
    if register != nil, initial == nil {
      checks.add("initialReading", "READING_INVALID", "The reading does not fit the register.")
    }
    checks.text(request.reason, field: "reason", name: "The reason", maximum: 500, required: false)
    try checks.check()
    guard let register, let initial else { throw UtilitiesError.meterNotFound }
    let installedOn = request.installedOn ?? self.today
    let id = UUID()
    let actor = caller.actor
    return try await self.database.transaction { connection in
      let account = try await self.visibleAccount(request.accountNumber, caller: caller, on: connection)
      try await connection.query(
        """
        INSERT INTO meters (id, account_number, water, factory_number, verified_on, installed_on, state, digits, decimals,
          heat_meter, anchor_units, created_at)
        VALUES (\(id), \(account.message.number), \(request.water == .hot ? "hot" : "cold"), \(request.factoryNumber),
          \(request.verifiedOn), \(installedOn), 'installed', \(Int32(register.digits)), \(Int32(register.decimals)),
          \(request.heatMeter), \(initial), \(self.now))
        """, logger: self.logger)
      try await connection.query(
        """
        INSERT INTO readings (id, meter_id, account_number, units, read_on, period, source, status, flags, submitted_by, submitted_at)
        VALUES (\(UUID()), \(id), \(account.message.number), \(initial), \(installedOn), \(installedOn.firstOfMonth),
          'installation', 'billed', '{FIRST_READING}', \(actor), \(self.now))
        """, logger: self.logger)
      let meter = try await self.meter(id, on: connection)
      try await self.recordMeterChange(
        meter.id, action: "added", before: "", after: meter.summary, reason: request.reason, actor: actor,
        on: connection)
      return meter.message(settings: self.settings)
    }
  }

  func changeMeter(_ request: ChangeMeterRequest, caller: Caller) async throws -> Meter {
    try caller.require(UtilitiesPermission.metersManage)
    var checks = FieldChecks()
    checks.date(request.verifiedOn, field: "verifiedOn")
    checks.text(request.factoryNumber, field: "factoryNumber", name: "The factory number", maximum: 64, required: false)
    checks.text(request.reason, field: "reason", name: "The reason", maximum: 500)
    try checks.check()
    let id = try Self.meterID(request.meterID)
    let actor = caller.actor
    return try await self.database.transaction { connection in
      let before = try await self.lockedMeter(id, caller: caller, on: connection)
      try await connection.query(
        """
        UPDATE meters SET factory_number = CASE WHEN \(request.factoryNumber) = '' THEN factory_number ELSE \(request.factoryNumber) END,
          verified_on = coalesce(\(request.verifiedOn), verified_on),
          heat_meter = CASE WHEN \(request.setHeatMeter) THEN \(request.heatMeter) ELSE heat_meter END
        WHERE id = \(id)
        """, logger: self.logger)
      let after = try await self.meter(id, on: connection)
      try await self.recordMeterChange(
        id, action: "changed", before: before.summary, after: after.summary, reason: request.reason, actor: actor,
        on: connection)
      return after.message(settings: self.settings)
    }
  }

  func removeMeter(_ request: RemoveMeterRequest, caller: Caller) async throws -> Meter {
    try caller.require(UtilitiesPermission.metersManage)
    var checks = FieldChecks()
    checks.date(request.removedOn, field: "removedOn")
    checks.text(request.reason, field: "reason", name: "The reason", maximum: 500)
    try checks.check()
    let id = try Self.meterID(request.meterID)
    let actor = caller.actor
    let removedOn = request.removedOn ?? self.today
    return try await self.database.transaction { connection in
      let before = try await self.lockedMeter(id, caller: caller, on: connection)
      guard before.installed else { return before.message(settings: self.settings) }
      if removedOn < before.installedOn {
        var checks = FieldChecks()
        checks.add("removedOn", "DATE_INVALID", "A meter is removed after it was installed (\(before.installedOn)).")
        try checks.check()
      }
      try await connection.query(
        "UPDATE meters SET state = 'removed', removed_on = \(removedOn) WHERE id = \(id)", logger: self.logger)
      let after = try await self.meter(id, on: connection)
      try await self.recordMeterChange(
        id, action: "removed", before: before.summary, after: after.summary, reason: request.reason, actor: actor,
        on: connection)
      return after.message(settings: self.settings)
    }
  }

  func meterHistory(_ request: MeterHistoryRequest, caller: Caller) async throws -> MeterHistoryReply {
    try caller.require(UtilitiesPermission.metersRead)
    let id = try Self.meterID(request.meterID)
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let rows = try await self.database.withConnection { connection in
      _ = try await self.visibleMeter(id, caller: caller, on: connection)
      return try await connection.query(
        """
        SELECT id, action, before, after, reason, changed_by, changed_at FROM meter_history
        WHERE meter_id = \(id) AND id > \(page.after ?? 0) ORDER BY id LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((Int64, String, String, String, String, String, UTCTimestamp).self).collect()
    }
    let (shown, next) = page.cut(rows) { $0.0 }
    return MeterHistoryReply(
      changes: shown.map {
        MeterChange(id: $0.0, action: $0.1, before: $0.2, after: $0.3, reason: $0.4, changedBy: $0.5, changedAt: $0.6)
      }, nextPageToken: next)
  }

  static func meterID(_ text: String) throws -> UUID {
    guard let id = UUID(uuidString: text) else { throw UtilitiesError.meterNotFound }
    return id
  }

  func meter(_ id: UUID, on connection: PostgresConnection) async throws -> MeterRow {
    guard
      let row = try await connection.query(
        "SELECT \(unescaped: MeterRow.columns) FROM meters m WHERE m.id = \(id)", logger: self.logger
      ).decode(MeterRow.Row.self).collect().first
    else { throw UtilitiesError.meterNotFound }
    return MeterRow(row)
  }

  /// The meter as `caller` may see it (another organization's is NOT_FOUND).
  func visibleMeter(_ id: UUID, caller: Caller, on connection: PostgresConnection) async throws -> MeterRow {
    let meter = try await self.meter(id, on: connection)
    do {
      _ = try await self.visibleAccount(meter.accountNumber, caller: caller, on: connection)
    } catch let error as UtilitiesError where error.reason == UtilitiesError.accountNotFound.reason {
      throw UtilitiesError.meterNotFound
    }
    return meter
  }

  func lockedMeter(_ id: UUID, caller: Caller, on connection: PostgresConnection) async throws -> MeterRow {
    _ = try await connection.query("SELECT 1 FROM meters WHERE id = \(id) FOR UPDATE", logger: self.logger)
    return try await self.visibleMeter(id, caller: caller, on: connection)
  }

  func recordMeterChange(
    _ id: UUID, action: String, before: String, after: String, reason: String, actor: String,
    on connection: PostgresConnection
  ) async throws {
    try await connection.query(
      """
      INSERT INTO meter_history (meter_id, action, before, after, reason, changed_by, changed_at)
      VALUES (\(id), \(action), \(before), \(after), \(reason), \(actor), \(self.now))
      """, logger: self.logger)
  }
}
