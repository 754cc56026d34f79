import PostgresNIO
import RPC
import Storage
import UtilitiesAPI
import UtilitiesRules
import WireCodec

extension Utilities {
  /// The seed's «Показания приборов учёта»: per meter the previous reading (before this month)
  /// and this month's, installed meters first, with the notices the cabinet shows.
  func meterTable(_ request: MeterTableRequest, caller: Caller) async throws -> MeterTable {
    try caller.require(UtilitiesPermission.metersRead)
    let period = self.today.firstOfMonth
    return try await self.database.withConnection { connection in
      let account = try await self.visibleAccount(request.accountNumber, caller: caller, on: connection)
      let meters = try await connection.query(
        """
        SELECT \(unescaped: MeterRow.columns) FROM meters m WHERE m.account_number = \(account.message.number)
        ORDER BY m.state, m.water, m.created_at
        """, logger: self.logger
      ).decode(MeterRow.Row.self).collect().map(MeterRow.init)
      var rows: [MeterTableRow] = []
      var inProcessing = false
      for meter in meters {
        let previous = try await connection.query(
          """
          SELECT \(unescaped: ReadingRow.columns) FROM readings r JOIN meters m ON m.id = r.meter_id
          WHERE r.meter_id = \(meter.id) AND r.status IN ('processing', 'billed') AND r.period < \(period)
          ORDER BY r.read_on DESC, r.submitted_at DESC LIMIT 1
          """, logger: self.logger
        ).decode(ReadingRow.Row.self).collect().first.map(ReadingRow.init)
        let current = try await connection.query(
          """
          SELECT \(unescaped: ReadingRow.columns) FROM readings r JOIN meters m ON m.id = r.meter_id
          WHERE r.meter_id = \(meter.id) AND r.status <> 'rejected' AND r.period = \(period) AND r.source <> 'installation'
          ORDER BY r.submitted_at DESC LIMIT 1
          """, logger: self.logger
        ).decode(ReadingRow.Row.self).collect().first.map(ReadingRow.init)
        if current?.status == .processing || current?.status == .held { inProcessing = true }
        rows.append(
          MeterTableRow(
            meter: meter.message(settings: self.settings), previousDate: previous?.readOn,
            previousValue: previous?.message.value ?? "", previousSource: previous?.source ?? .unspecified,
            currentValue: current?.message.value ?? "", submittedOn: current?.readOn,
            currentSource: current?.source ?? .unspecified, currentStatus: current?.status ?? .unspecified))
      }
      let heat = meters.contains { $0.heatMeter && $0.installed }
      var notices: [String] = []
      if heat { notices.append(MeterNotices.heatPrintout) }
      if inProcessing { notices.append(ReadingSubmission.inProcessing) }
      notices.append(MeterNotices.checkReadings)
      return MeterTable(accountNumber: account.message.number, rows: rows, heatMeter: heat, notices: notices)
    }
  }
}

/// The notices under the seed's meters table.
enum MeterNotices {
  static let heatPrintout = "Необходимо предоставить распечатку суточных параметров теплоснабжения"
  static let checkReadings = "Уважаемый потребитель! Проверьте правильность ввода показаний приборов учёта"
}
