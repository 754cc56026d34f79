import Foundation
import GRPCCore
import RPC
import TestSupport
import Testing
import UtilitiesAPI
import WireCodec

@Suite(
  "Utilities: submitting and validating readings",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct ReadingTests {
  /// Readings of `account` other than the meters' installation readings.
  func submitted(_ bed: UtilitiesTestbed, _ account: String) async throws -> [Reading] {
    try await bed.call(
      UtilitiesContract.listReadings, ListReadingsRequest(accountNumber: account),
      token: try await UtilitiesTestbed.staffToken()
    ).readings.filter { $0.source != .installation }
  }

  @Test(
    "the seed's refusals with their exact texts, the one-meter confirmation, and nothing registered on a refusal")
  func seedRefusals() async throws {
    try await UtilitiesTestbed.with(clockAt: .almatyNoon(2025, 12, 3)) { bed in
      let organization = UUID().uuidString
      try await bed.contract("2666", payer: "ТОО «Ромашка»", accounts: ["00009177"], organization: organization)
      let cold = try await bed.meter("00009177", water: .cold, factory: "12223773", initial: "00000100.000", heat: true)
      let hot = try await bed.meter("00009177", water: .hot, factory: "")
      let removed = try await bed.meter("00009177", water: .hot, factory: "555")
      _ = try await bed.call(
        UtilitiesContract.removeMeter, RemoveMeterRequest(meterID: removed.id, reason: "снят на поверку"),
        token: try await UtilitiesTestbed.staffToken())
      let customer = try await UtilitiesTestbed.customerToken(organization: organization)

      let noFactory = await bed.refusal { _ = try await bed.submit("00009177", [(hot, "5")], token: customer) }
      #expect(noFactory?.reason == "METER_WITHOUT_FACTORY_NUMBER")
      #expect(noFactory?.message == "Показания на водомер без заводского номера не передаются!")
      let notWorking = await bed.refusal {
        _ = try await bed.submit(
          "00009177", [(cold, "00000145.554"), (removed, "3")], confirmed: true, token: customer)
      }
      #expect(notWorking?.reason == "METER_NOT_WORKING")
      #expect(notWorking?.message == "Невозможно передать показания на не работающий прибор учета!")
      // Only one of the two installed meters (the hot one cannot take readings yet, but it is
      // installed): without the confirmation nothing is registered.
      let unconfirmed = await bed.refusal {
        _ = try await bed.submit("00009177", [(cold, "00000145.554")], token: customer)
      }
      #expect(unconfirmed?.reason == "CONFIRMATION_REQUIRED")
      #expect(try await self.submitted(bed, "00009177").isEmpty)

      let reply = try await bed.submit("00009177", [(cold, "00000145.554")], confirmed: true, token: customer)
      #expect(reply.message == "Ваши показания в обработке!")
      #expect(reply.readings.map(\.status) == [.processing])
      #expect(reply.readings.first?.value == "00000145.554")
      #expect(reply.readings.first?.consumption == "45.554")
      let table = try await bed.call(
        UtilitiesContract.meterTable, MeterTableRequest(accountNumber: "00009177"), token: customer)
      #expect(table.heatMeter)
      #expect(table.notices.contains("Необходимо предоставить распечатку суточных параметров теплоснабжения"))
      #expect(table.notices.contains("Ваши показания в обработке!"))
      let coldRow = table.rows.first { $0.meter.id == cold.id }
      #expect(coldRow?.previousValue == "00000100.000" && coldRow?.previousSource == .installation)
      #expect(coldRow?.currentValue == "00000145.554" && coldRow?.currentSource == .site)
      #expect(coldRow?.meter.verificationDue == .day(2029, 9, 10))
      #expect(table.rows.first { $0.meter.id == removed.id }?.meter.state == .removed)

      // Editable within the month: a second reading replaces the first.
      _ = try await bed.submit("00009177", [(cold, "146,000")], confirmed: true, token: customer)
      let live = try await self.submitted(bed, "00009177").filter { $0.status == .processing }
      #expect(live.map(\.value) == ["00000146.000"])
      // A customer cannot claim to be an inspector.
      let inspector = await bed.refusal {
        _ = try await bed.call(
          UtilitiesContract.submitReadings,
          SubmitReadingsRequest(
            accountNumber: "00009177", readings: [MeterReadingInput(meterID: cold.id, value: "147")],
            confirmedPartial: true, source: .inspector), token: customer)
      }
      #expect(inspector?.code == .permissionDenied)

      // The documents came: staff set the hot meter's factory number, with a reason kept in its
      // history, and its readings are taken.
      let staff = try await UtilitiesTestbed.staffToken()
      let changed = try await bed.call(
        UtilitiesContract.changeMeter,
        ChangeMeterRequest(meterID: hot.id, factoryNumber: "77001", reason: "паспорт прибора предоставлен"),
        token: staff)
      #expect(changed.factoryNumber == "77001")
      let history = try await bed.call(
        UtilitiesContract.meterHistory, MeterHistoryRequest(meterID: hot.id), token: customer)
      #expect(history.changes.map(\.action) == ["added", "changed"])
      #expect(history.changes.last?.reason == "паспорт прибора предоставлен")
      #expect(history.changes.last?.changedBy == "staff:staff-1")
      #expect(history.changes.last?.after.contains("factoryNumber=77001") == true)
      let both = try await bed.submit("00009177", [(cold, "146,500"), (hot, "3")], token: customer)
      #expect(both.readings.map(\.status) == [.processing, .processing])
    }
  }

  @Test(
    "a 5-digit register turning over (99998 → 00003) used 5 m³; a drop without turn-over is refused; high consumption is held until reviewed"
  )
  func rolloverDropAndHold() async throws {
    try await UtilitiesTestbed.with(clockAt: .almatyNoon(2025, 12, 20)) { bed in
      try await bed.seedTariffs()
      try await bed.contract("77", payer: "ТОО «Кристалл»", accounts: ["00010129"])
      let meter = try await bed.meter(
        "00010129", digits: 5, decimals: 0, initial: "99990", installedOn: .day(2025, 11, 20))
      let first = try await bed.submit("00010129", [(meter, "99998")])
      #expect(first.readings.first?.consumption == "8")
      bed.setDay(.day(2026, 1, 5))
      let closed = try await bed.call(
        UtilitiesContract.closeMonth, CloseMonthRequest(year: 2025, month: 12),
        token: try await UtilitiesTestbed.staffToken())
      #expect(closed.accountsCharged == 1)

      bed.setDay(.day(2026, 1, 20))
      let drop = await bed.refusal { _ = try await bed.submit("00010129", [(meter, "50000")]) }
      #expect(drop?.reason == "READING_BELOW_PREVIOUS")
      #expect(try await self.submitted(bed, "00010129").filter { $0.status != .billed }.isEmpty)

      let rollover = try await bed.submit("00010129", [(meter, "00003")])
      #expect(rollover.readings.first?.status == .processing)
      #expect(rollover.readings.first?.flags.contains("ROLLOVER") == true)
      #expect(rollover.readings.first?.consumption == "5")

      // 900 m³ against a usual 8 a month: held for review, not billed.
      let high = try await bed.submit("00010129", [(meter, "00900")])
      #expect(high.readings.first?.status == .held)
      #expect(high.readings.first?.reason == "CONSUMPTION_HIGH")
      let reviewed = try await bed.call(
        UtilitiesContract.reviewReading,
        ReviewReadingRequest(readingID: high.readings.first?.id ?? "", accept: false, comment: "опечатка"),
        token: try await UtilitiesTestbed.staffToken())
      #expect(reviewed.status == .rejected && reviewed.reviewComment == "опечатка")
      let again = await bed.refusal {
        _ = try await bed.call(
          UtilitiesContract.reviewReading,
          ReviewReadingRequest(readingID: high.readings.first?.id ?? "", accept: true, comment: "нет"),
          token: try await UtilitiesTestbed.staffToken())
      }
      #expect(again?.reason == "READING_NOT_HELD")
    }
  }

  @Test("inspectors' CSV: all lines or none, idempotent by external id")
  func importReadings() async throws {
    try await UtilitiesTestbed.with(clockAt: .almatyNoon(2025, 12, 20)) { bed in
      try await bed.contract("88", payer: "ТОО «Импорт»", accounts: ["00020001"])
      try await bed.meter("00020001", factory: "A-1", initial: "10")
      try await bed.meter("00020001", water: .hot, factory: "A-2", initial: "1")
      let token = try await UtilitiesTestbed.staffToken()
      let good = """
        account;factory;value;date;id
        00020001;A-1;00000020.500;2025-12-18;insp-1
        00020001;A-2;3;2025-12-18;insp-2
        """
      let bad = good + "\n00020001;NOPE;5;2025-12-18;insp-3\n00020001;A-1;1;2025-12-19;insp-4"
      let refused = try await bed.call(
        UtilitiesContract.importReadings, ImportReadingsRequest(csv: bad, source: .inspector), token: token)
      #expect(refused.errors.map(\.line) == [4, 5])
      #expect(refused.errors.map(\.reason) == ["METER_NOT_FOUND", "READING_BELOW_PREVIOUS"])
      #expect(refused.registered == 0)
      #expect(try await self.submitted(bed, "00020001").isEmpty)

      let imported = try await bed.call(
        UtilitiesContract.importReadings, ImportReadingsRequest(csv: good, source: .inspector), token: token)
      #expect(imported.registered == 2 && imported.errors.isEmpty)
      let repeated = try await bed.call(
        UtilitiesContract.importReadings, ImportReadingsRequest(csv: good, source: .inspector), token: token)
      #expect(repeated.registered == 0 && repeated.replayed == 2)
      let readings = try await self.submitted(bed, "00020001")
      #expect(readings.count == 2 && readings.allSatisfy { $0.source == .inspector })
    }
  }

  @Test("a customer sees only its own contract's accounts and meters; another's are not found")
  func customerScope() async throws {
    try await UtilitiesTestbed.with(clockAt: .almatyNoon(2025, 12, 3)) { bed in
      let mine = UUID().uuidString
      try await bed.contract("100", payer: "ТОО «Моя»", accounts: ["00030001"], organization: mine)
      try await bed.contract("200", payer: "ТОО «Чужая»", accounts: ["00030002"])
      let own = try await bed.meter("00030001")
      let foreign = try await bed.meter("00030002")
      let customer = try await UtilitiesTestbed.customerToken(organization: mine)
      let accounts = try await bed.call(UtilitiesContract.listAccounts, ListUtilityAccountsRequest(), token: customer)
      #expect(accounts.accounts.map(\.number) == ["00030001"])
      let table = try await bed.call(
        UtilitiesContract.meterTable, MeterTableRequest(accountNumber: "00030001"), token: customer)
      #expect(table.rows.map(\.meter.id) == [own.id])
      let other = await bed.refusal {
        _ = try await bed.call(
          UtilitiesContract.meterTable, MeterTableRequest(accountNumber: "00030002"), token: customer)
      }
      #expect(other?.reason == "ACCOUNT_NOT_FOUND")
      let history = await bed.refusal {
        _ = try await bed.call(
          UtilitiesContract.meterHistory, MeterHistoryRequest(meterID: foreign.id), token: customer)
      }
      #expect(history?.reason == "METER_NOT_FOUND")
      let submit = await bed.refusal { _ = try await bed.submit("00030002", [(foreign, "5")], token: customer) }
      #expect(submit?.reason == "ACCOUNT_NOT_FOUND")
      let breakdown = try await bed.call(
        UtilitiesContract.chargeBreakdown, ChargeBreakdownRequest(), token: customer)
      #expect(breakdown.contractNumber == "100")
      let foreignBreakdown = await bed.refusal {
        _ = try await bed.call(
          UtilitiesContract.chargeBreakdown, ChargeBreakdownRequest(contractNumber: "200"), token: customer)
      }
      #expect(foreignBreakdown?.reason == "CONTRACT_NOT_FOUND")
    }
  }
}
