import Foundation
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// The DID pool's tests walk a settable clock day by day (docs/telecom.md, "The DID number pool").
extension TelecomTestbed {
  /// Noon in Moscow (09:00 UTC) of `date`: every test day's calls and cycles happen then.
  static func noon(_ date: CalendarDate) -> UTCTimestamp {
    UTCTimestamp(microsecondsSinceEpoch: (Int64(date.daysSinceEpoch) * 86_400 + 9 * 3_600) * 1_000_000)
  }

  static func date(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }

  static func day(_ start: CalendarDate, plus days: Int) -> CalendarDate {
    CalendarDate(daysSinceEpoch: start.daysSinceEpoch + Int32(days))
  }

  /// Imports pool lines `number;region;provider;place[;fmtn]` and expects all to be added.
  func importNumbers(_ lines: [String], token: String) async throws {
    let reply = try await self.call(
      TelecomContract.importNumbers, ImportNumbersRequest(csv: lines.joined(separator: "\n")), token: token,
      timeout: .seconds(120))
    #expect(reply.errors.isEmpty, "\(reply.errors)")
    #expect(reply.added == UInt32(lines.count))
  }

  /// An answered incoming call (CALL_IN) from `caller` to `number` at `at`, naming no account.
  static func incoming(to number: String, from caller: String, at: UTCTimestamp, id: String) -> CallDetailRecord {
    CallDetailRecord(
      callID: id, accountNumber: "", caller: caller, dialedNumber: number, service: .incomingCall,
      placeOfService: "MSK", startedAt: at, answered: true, durationSeconds: 20, quantity: 15)
  }

  func ingest(_ records: [CallDetailRecord], token: String) async throws -> IngestCallsReply {
    try await self.upload(TelecomContract.ingestCalls, [CallRecordBatch(records: records)], token: token)
  }

  /// The numbers a search finds (all pages of up to 5,000), by number.
  func search(_ request: SearchNumbersRequest, token: String) async throws -> [String: DidNumber] {
    var request = request
    request.page = PageRequest(size: 5000, token: "")
    var found: [String: DidNumber] = [:]
    while true {
      let reply = try await self.call(TelecomContract.searchNumbers, request, token: token)
      for number in reply.numbers { found[number.number] = number }
      guard !reply.nextPageToken.isEmpty else { return found }
      request.page.token = reply.nextPageToken
    }
  }

  func number(_ number: String, token: String) async throws -> DidNumber {
    try await self.call(TelecomContract.getNumber, GetNumberRequest(number: number), token: token)
  }

  func history(_ number: String, token: String) async throws -> [NumberChange] {
    try await self.call(TelecomContract.numberHistory, NumberHistoryRequest(number: number), token: token).changes
  }
}
