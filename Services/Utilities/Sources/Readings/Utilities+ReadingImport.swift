import PostgresNIO
import RPC
import Storage
import UtilitiesAPI
import UtilitiesRules
import WireCodec

extension Utilities {
  /// Inspectors' and other systems' readings: every line judged as a submission's would be, in
  /// date order; a line whose external id came before is replayed (nothing changes). One
  /// refused line refuses the file: nothing is registered and every refused line is listed.
  func importReadings(_ request: ImportReadingsRequest, caller: Caller) async throws -> ImportReadingsReply {
    try caller.require(UtilitiesPermission.readingsImport)
    let source = request.source == .inspector ? ReadingSource.inspector : .importFile
    guard request.csv.utf8.count <= 4 << 20 else {
      var checks = FieldChecks()
      checks.add("csv", "IMPORT_TOO_LONG", "A file is at most 4 MiB; split it.")
      try checks.check()
      return ImportReadingsReply()
    }
    let file = ReadingImportFile(request.csv)
    guard file.errors.isEmpty else { return ImportReadingsReply(errors: file.errors.map(Self.lineError)) }
    let today = self.today
    let actor = caller.actor
    do {
      return try await self.database.transaction { connection in
        var outcome = ImportReadingsReply()
        var errors: [ImportLineError] = []
        for line in file.lines.sorted(by: { ($0.readOn, $0.number) < ($1.readOn, $1.number) }) {
          do {
            let known = try await connection.query(
              "SELECT 1 FROM readings WHERE external_id = \(line.externalID)", logger: self.logger
            ).decode(Int32.self).collect()
            if !known.isEmpty {
              outcome.replayed += 1
              continue
            }
            guard line.readOn <= today else {
              throw UtilitiesError.refused(reason: "DATE_IN_FUTURE", message: "\(line.readOn) is after today.")
            }
            let account = try await self.visibleAccount(line.accountNumber, caller: caller, on: connection)
            guard
              let meter = try await self.lockedMeters(of: account.message.number, on: connection).first(where: {
                !$0.factoryNumber.isEmpty && $0.factoryNumber == line.factoryNumber
              })
            else { throw UtilitiesError.meterNotFound }
            guard meter.installed else { throw UtilitiesError.meterRemoved }
            try await self.refuseClosedMonth(account.message.number, period: line.readOn.firstOfMonth, on: connection)
            let reading = try await self.register(
              line.value, field: "value", meter: meter, readOn: line.readOn, source: source,
              externalID: line.externalID, actor: actor, on: connection)
            outcome.registered += 1
            if reading.status == .held { outcome.held += 1 }
          } catch let error as UtilitiesError {
            errors.append(ImportLineError(line: Int32(line.number), reason: error.reason, message: error.message))
          } catch let error as ValidationFailure {
            errors.append(
              ImportLineError(
                line: Int32(line.number), reason: error.violations.first?.reason ?? error.reason,
                message: error.violations.first?.message ?? error.message))
          }
        }
        if !errors.isEmpty {
          throw ImportRefused(errors: errors.sorted { $0.line < $1.line })
        }
        return outcome
      }
    } catch let refused as ImportRefused {
      return ImportReadingsReply(errors: refused.errors)
    }
  }

  static func lineError(_ error: ReadingImportFile.LineError) -> ImportLineError {
    ImportLineError(line: Int32(error.line), reason: error.reason, message: error.message)
  }
}

/// Rolls an import's transaction back once a line was refused.
private struct ImportRefused: Error {
  let errors: [ImportLineError]
}
