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
  @Test("random tariffs, meters, readings, closes, breakdowns and pages: every answer a success or a reasoned refusal")
  func wholeRanges() async throws {
    try await UtilitiesTestbed.with(clockAt: .almatyNoon(2026, 2, 10)) { bed in
      try await bed.contract("555", payer: "ТОО «Диапазон»", accounts: ["00050001"])
      let meter = try await bed.meter("00050001", digits: 5, decimals: 0, initial: "10")
      let staff = try await UtilitiesTestbed.staffToken()
      var random = SeededRandom.forTest("utilities inputs")
      for _ in 0..<60 {
        let group = WireRanges.int32(&random)
        let price = WireRanges.decimal(&random)
        let from = WireRanges.date(&random)
        await WireRanges.judge("SetTariff \(group) \(price)") {
          _ = try await bed.call(
            UtilitiesContract.setTariff,
            SetTariffRequest(tariffGroup: group, service: .water, validFrom: from, price: price, reason: "r"),
            token: staff)
        }
        let digits = WireRanges.int32(&random)
        let decimals = WireRanges.int32(&random)
        let initial = WireRanges.text(&random)
        let installed = WireRanges.date(&random)
        let verified = WireRanges.date(&random)
        await WireRanges.judge("AddMeter \(digits) \(decimals) \(initial)") {
          _ = try await bed.call(
            UtilitiesContract.addMeter,
            AddMeterRequest(
              accountNumber: "00050001", water: .hot, factoryNumber: "X", verifiedOn: verified, installedOn: installed,
              digits: digits, decimals: decimals, heatMeter: false, initialReading: initial, reason: "r"),
            token: staff)
        }
        let value = WireRanges.text(&random)
        await WireRanges.judge("SubmitReadings \(value)") {
          _ = try await bed.call(
            UtilitiesContract.submitReadings,
            SubmitReadingsRequest(
              accountNumber: "00050001", readings: [MeterReadingInput(meterID: meter.id, value: value)],
              confirmedPartial: true, source: .site), token: staff)
        }
        let year = WireRanges.int32(&random)
        let month = WireRanges.int32(&random)
        await WireRanges.judge("CloseMonth \(year)-\(month)") {
          _ = try await bed.call(
            UtilitiesContract.closeMonth, CloseMonthRequest(year: year, month: month), token: staff)
        }
        await WireRanges.judge("ChargeBreakdown \(year)-\(month)") {
          _ = try await bed.call(
            UtilitiesContract.chargeBreakdown,
            ChargeBreakdownRequest(contractNumber: "555", year: year, month: month), token: staff)
        }
        let size = UInt32(truncatingIfNeeded: WireRanges.int32(&random))
        let token = Bool.random(using: &random) ? String(WireRanges.int32(&random)) : WireRanges.text(&random)
        await WireRanges.judge("ListTariffs \(size) \(token)") {
          _ = try await bed.call(
            UtilitiesContract.listTariffs, ListTariffsRequest(page: PageRequest(size: size, token: token)),
            token: staff)
        }
        await WireRanges.judge("Reconciliation") {
          _ = try await bed.call(
            UtilitiesContract.reconciliation,
            ReconciliationRequest(
              accountNumber: "00050001", from: WireRanges.date(&random), to: WireRanges.date(&random)),
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
