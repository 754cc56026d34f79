import Foundation
import GRPCCore
import RPC
import TestSupport
import Testing
import UtilitiesAPI
import WireCodec

/// No input may crash Utilities: numbers, dates and texts from across their whole wire ranges,
/// sent over real gRPC. Every answer is a success or a refusal with a stable reason, never
/// INTERNAL or UNKNOWN, and the server keeps answering.
@Suite(
  "Utilities: inputs across their whole wire ranges",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct InputRangeTests {
  static func anyInt32(_ random: inout SeededRandom) -> Int32 {
    switch Int.random(in: 0..<4, using: &random) {
    case 0: Int32.random(in: -2...14, using: &random)
    case 1: [Int32.min, Int32.max, 0, -1, 999, 1000][Int.random(in: 0..<6, using: &random)]
    default: Int32.random(in: Int32.min...Int32.max, using: &random)
    }
  }

  static func anyDate(_ random: inout SeededRandom) -> CalendarDate? {
    let days = Int32.random(in: Int32.min...Int32.max, using: &random) >> Int32.random(in: 0...31, using: &random)
    return Bool.random(using: &random) ? nil : CalendarDate(daysSinceEpoch: days)
  }

  static func anyDecimal(_ random: inout SeededRandom) -> ExactDecimal {
    ExactDecimal(
      units: Int64.random(in: Int64.min...Int64.max, using: &random) >> Int64.random(in: 0...63, using: &random),
      scale: UInt8.random(in: 0...ExactDecimal.maxScale, using: &random))
  }

  static func anyText(_ random: inout SeededRandom) -> String {
    let pieces = [
      "", "0", "99999", "00000145.554", "145,554", "-1", "1e9", "١٢", "12345678901234567890", ".", "a;b", "\u{0}",
    ]
    return Bool.random(using: &random)
      ? pieces[Int.random(in: 0..<pieces.count, using: &random)]
      : String(repeating: "9", count: Int.random(in: 0...40, using: &random))
  }

  /// A refusal with a reason, or a success; INTERNAL and UNKNOWN are failures of the server.
  func judge(_ what: String, _ body: () async throws -> Void) async {
    do {
      try await body()
    } catch let error as RPCError {
      #expect(error.code != .internalError && error.code != .unknown, "\(what): \(error)")
      #expect(error.reason != nil, "\(what): a refusal without a reason: \(error)")
    } catch {
      Issue.record("\(what): not an RPC error: \(error)")
    }
  }

  @Test("random tariffs, meters, readings, closes, breakdowns and pages: every answer a success or a reasoned refusal")
  func wholeRanges() async throws {
    try await UtilitiesTestbed.with(clockAt: .almatyNoon(2026, 2, 10)) { bed in
      try await bed.contract("555", payer: "ТОО «Диапазон»", accounts: ["00050001"])
      let meter = try await bed.meter("00050001", digits: 5, decimals: 0, initial: "10")
      let staff = try await UtilitiesTestbed.staffToken()
      var random = SeededRandom.forTest("utilities inputs")
      for _ in 0..<60 {
        let group = Self.anyInt32(&random)
        let price = Self.anyDecimal(&random)
        let from = Self.anyDate(&random)
        await self.judge("SetTariff \(group) \(price)") {
          _ = try await bed.call(
            UtilitiesContract.setTariff,
            SetTariffRequest(tariffGroup: group, service: .water, validFrom: from, price: price, reason: "r"),
            token: staff)
        }
        let digits = Self.anyInt32(&random)
        let decimals = Self.anyInt32(&random)
        let initial = Self.anyText(&random)
        let installed = Self.anyDate(&random)
        let verified = Self.anyDate(&random)
        await self.judge("AddMeter \(digits) \(decimals) \(initial)") {
          _ = try await bed.call(
            UtilitiesContract.addMeter,
            AddMeterRequest(
              accountNumber: "00050001", water: .hot, factoryNumber: "X", verifiedOn: verified, installedOn: installed,
              digits: digits, decimals: decimals, heatMeter: false, initialReading: initial, reason: "r"),
            token: staff)
        }
        let value = Self.anyText(&random)
        await self.judge("SubmitReadings \(value)") {
          _ = try await bed.call(
            UtilitiesContract.submitReadings,
            SubmitReadingsRequest(
              accountNumber: "00050001", readings: [MeterReadingInput(meterID: meter.id, value: value)],
              confirmedPartial: true, source: .site), token: staff)
        }
        let year = Self.anyInt32(&random)
        let month = Self.anyInt32(&random)
        await self.judge("CloseMonth \(year)-\(month)") {
          _ = try await bed.call(
            UtilitiesContract.closeMonth, CloseMonthRequest(year: year, month: month), token: staff)
        }
        await self.judge("ChargeBreakdown \(year)-\(month)") {
          _ = try await bed.call(
            UtilitiesContract.chargeBreakdown,
            ChargeBreakdownRequest(contractNumber: "555", year: year, month: month), token: staff)
        }
        let size = UInt32(truncatingIfNeeded: Self.anyInt32(&random))
        let token = Bool.random(using: &random) ? String(Self.anyInt32(&random)) : Self.anyText(&random)
        await self.judge("ListTariffs \(size) \(token)") {
          _ = try await bed.call(
            UtilitiesContract.listTariffs, ListTariffsRequest(page: PageRequest(size: size, token: token)),
            token: staff)
        }
        await self.judge("Reconciliation") {
          _ = try await bed.call(
            UtilitiesContract.reconciliation,
            ReconciliationRequest(accountNumber: "00050001", from: Self.anyDate(&random), to: Self.anyDate(&random)),
            token: staff)
        }
      }
      // Still answering.
      let table = try await bed.call(
        UtilitiesContract.meterTable, MeterTableRequest(accountNumber: "00050001"), token: staff)
      #expect(table.rows.contains { $0.meter.id == meter.id })
    }
  }
}
