import BillingAPI
import BillingService
import Foundation
import GRPCCore
import Logging
import RPC
import TestSupport
import Testing
import WireCodec

@Suite(
  "Partner commissions: progressive scales bound by month, the monthly report and its export",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct CommissionTests {
  func charge(
    _ bed: BillingTestbed, _ account: Account, _ amount: String, on date: CalendarDate, kind: EntryKind = .charge
  ) async throws {
    _ = try await bed.call(
      kind == .charge ? BillingContract.postCharge : BillingContract.postDiscount,
      PostChargeRequest(
        idempotencyKey: "\(account.number)-\(date)-\(amount)-\(kind)", accountNumber: account.number,
        amount: money(amount),
        serviceCode: "telephony", date: date), token: try await BillingTestbed.staffToken())
  }

  func scale(_ bed: BillingTestbed, _ description: String, _ bands: [(String, String)]) async throws -> CommissionScale
  {
    try await bed.call(
      BillingContract.createCommissionScale,
      CreateCommissionScaleRequest(
        description: description, algorithm: "Прогрессивный процент от расходов клиента",
        commissionType: "Агентское вознаграждение",
        currency: "RUB", bands: bands.map { CommissionBand(from: money($0.0), percent: money($0.1)) }),
      token: try await BillingTestbed.staffToken())
  }

  @Test(
    "a scale changed from March: January and February by the old scale, March and April by the new; zero rows hidden on request; the workbook has the report's columns"
  )
  func reportWithScaleChange() async throws {
    try await BillingTestbed.with { bed in
      let token = try await BillingTestbed.staffToken()
      let agent = try await bed.call(
        BillingContract.createAgent, CreateAgentRequest(code: "Агент-1", name: "ИП Агентов"), token: token)
      let base = try await self.scale(bed, "Базовая шкала", [("0", "5"), ("1000.00", "7.5"), ("5000.00", "10")])
      let raised = try await self.scale(bed, "Повышенная шкала", [("0", "8"), ("1000.00", "12")])
      _ = try await bed.call(
        BillingContract.bindCommissionScale,
        BindCommissionScaleRequest(agentCode: agent.code, scaleID: base.id, fromMonth: .day(2026, 1, 1)), token: token)
      let history = try await bed.call(
        BillingContract.bindCommissionScale,
        BindCommissionScaleRequest(agentCode: agent.code, scaleID: raised.id, fromMonth: .day(2026, 3, 1)), token: token
      )
      #expect(history.bindings.map(\.fromMonth) == [.day(2026, 1, 1), .day(2026, 3, 1)])
      #expect(history.bindings.map(\.toMonth) == [.day(2026, 2, 1), nil])
      #expect(history.bindings.map(\.scale.id) == [base.id, raised.id])

      // The bed's customers name "Агент-1" as their agent; a third names another agent.
      let a = try await bed.account(for: try await bed.customer("ООО «Альфа»", contract: "А-1"))
      let b = try await bed.account(for: try await bed.customer("ООО «Бета»", contract: "Б-1"))
      let otherDetails = CustomerDetails(
        kind: .legalEntity, name: "ООО «Чужой»", taxID: "7707083893", contractNumber: "Ч-1", country: .russia,
        agent: "Агент-2",
        email: "other@example.ru")
      let other = try await bed.call(
        BillingContract.createCustomer, CreateCustomerRequest(details: otherDetails), token: token)
      let c = try await bed.account(for: other)
      try await self.charge(bed, a, "800.00", on: .day(2026, 1, 10))  // 5 %: 40.00
      try await self.charge(bed, a, "1234.57", on: .day(2026, 2, 10))  // 7.5 %: 92.59275 → 92.59
      try await self.charge(bed, a, "1000.00", on: .day(2026, 3, 10))  // new scale, 12 %: 120.00
      try await self.charge(bed, a, "100.00", on: .day(2026, 4, 10))
      try await self.charge(bed, a, "100.00", on: .day(2026, 4, 11), kind: .discount)  // base 0: commission 0
      try await self.charge(bed, b, "5000.00", on: .day(2026, 1, 20))  // 10 %: 500.00
      try await self.charge(bed, b, "999.99", on: .day(2026, 3, 20))  // new scale, 8 %: 79.9992 → 80.00
      try await self.charge(bed, b, "700.00", on: .day(2026, 5, 20))  // outside the period
      try await self.charge(bed, c, "9000.00", on: .day(2026, 1, 20))  // another agent's customer

      let request = CommissionReportRequest(
        agentCode: agent.code, fromMonth: .day(2026, 1, 1), toMonth: .day(2026, 4, 1))
      let report = try await bed.call(BillingContract.commissionReport, request, token: token)
      #expect(report.total == money("832.59"))
      let summary = report.rows.map {
        "\($0.month) \($0.accountNumber) \($0.base) \($0.percent)% \($0.commission) \($0.template) от \($0.rangeFrom)"
      }
      #expect(
        summary == [
          "2026-01-01 \(a.number) 800.00 5% 40.00 Базовая шкала от 0.00",
          "2026-01-01 \(b.number) 5000.00 10% 500.00 Базовая шкала от 5000.00",
          "2026-02-01 \(a.number) 1234.57 7.5% 92.59 Базовая шкала от 1000.00",
          "2026-03-01 \(a.number) 1000.00 12% 120.00 Повышенная шкала от 1000.00",
          "2026-03-01 \(b.number) 999.99 8% 80.00 Повышенная шкала от 0.00",
          "2026-04-01 \(a.number) 0.00 8% 0.00 Повышенная шкала от 0.00",
        ])
      #expect(
        report.rows.allSatisfy {
          $0.commissionType == "Агентское вознаграждение" && $0.algorithm == "Прогрессивный процент от расходов клиента"
        })
      #expect(report.rows.first?.client == "ООО «Альфа»")

      var hidden = request
      hidden.hideZero = true
      let nonZero = try await bed.call(BillingContract.commissionReport, hidden, token: token)
      #expect(
        nonZero.rows.count == 5 && nonZero.rows.allSatisfy { $0.commission != money("0.00") }
          && nonZero.total == money("832.59"))

      var paged = request
      paged.page = PageRequest(size: 4)
      let first = try await bed.call(BillingContract.commissionReport, paged, token: token)
      paged.page = PageRequest(size: 4, token: first.nextPageToken)
      let second = try await bed.call(BillingContract.commissionReport, paged, token: token)
      #expect(first.rows.count == 4 && second.rows.count == 2 && second.nextPageToken.isEmpty)
      #expect(first.rows + second.rows == report.rows)

      let workbook = try await bed.call(BillingContract.exportCommissionReport, hidden, token: token)
      let cells = try await ExternalReader.spreadsheetCells(workbook.content)
      #expect(
        cells[1] == [
          "Месяц", "Тип комиссии", "Клиент", "Лицевой счёт", "Комиссия", "Алгоритм", "Процент", "С суммы", "Шаблон",
          "Диапазон", "Валюта",
        ])
      #expect(cells.count == 2 + 5)
      #expect(
        cells[4] == [
          "2026-02-01 00:00:00", "Агентское вознаграждение", "ООО «Альфа»", a.number, "92.59",
          "Прогрессивный процент от расходов клиента", "7.5",
          "1234.57", "Базовая шкала", "1000.0", "RUB",
        ])
    }
  }

  @Test("bad scales, bindings and periods are refused with the field and reason")
  func refusals() async throws {
    try await BillingTestbed.with { bed in
      let token = try await BillingTestbed.staffToken()
      _ = try await bed.call(BillingContract.createAgent, CreateAgentRequest(code: "A", name: "Агент"), token: token)
      let taken = await bed.refusal {
        _ = try await bed.call(BillingContract.createAgent, CreateAgentRequest(code: "A", name: "Другой"), token: token)
      }
      #expect(taken?.code == .alreadyExists && taken?.reason == "AGENT_CODE_TAKEN")
      for (bands, field, reason) in [
        ([(String, String)](), "bands", "REQUIRED"),
        ([("100.00", "5")], "bands[0].from", "FIRST_BAND_NOT_ZERO"),
        ([("0", "5"), ("0", "6")], "bands[1].from", "BANDS_NOT_INCREASING"),
        ([("0", "100.01")], "bands[0].percent", "PERCENT_INVALID"),
        ([("0", "5.125")], "bands[0].percent", "PERCENT_INVALID"),
        ([("0.001", "5")], "bands[0].from", "AMOUNT_PRECISION"),
        ([("-1", "5")], "bands[0].from", "AMOUNT_INVALID"),
        ([("0", "5"), ("100000000000000", "6")], "bands[1].from", "AMOUNT_OUT_OF_RANGE"),
      ] {
        let refused = await bed.refusal { _ = try await self.scale(bed, "Шкала", bands) }
        #expect(refused?.violations[field] == reason, "\(field) \(reason)")
      }
      let scale = try await self.scale(bed, "Шкала", [("0", "5")])
      let midMonth = await bed.refusal {
        _ = try await bed.call(
          BillingContract.bindCommissionScale,
          BindCommissionScaleRequest(agentCode: "A", scaleID: scale.id, fromMonth: .day(2026, 1, 15)), token: token)
      }
      #expect(midMonth?.violations["fromMonth"] == "NOT_A_MONTH")
      let noScale = await bed.refusal {
        _ = try await bed.call(
          BillingContract.bindCommissionScale,
          BindCommissionScaleRequest(agentCode: "A", scaleID: 999_999, fromMonth: .day(2026, 1, 1)), token: token)
      }
      #expect(noScale?.reason == "SCALE_NOT_FOUND")
      let noAgent = await bed.refusal {
        _ = try await bed.call(
          BillingContract.commissionReport,
          CommissionReportRequest(agentCode: "Z", fromMonth: .day(2026, 1, 1), toMonth: .day(2026, 1, 1)), token: token)
      }
      #expect(noAgent?.code == .notFound && noAgent?.reason == "AGENT_NOT_FOUND")
      let tooLong = await bed.refusal {
        _ = try await bed.call(
          BillingContract.commissionReport,
          CommissionReportRequest(agentCode: "A", fromMonth: .day(2024, 1, 1), toMonth: .day(2026, 1, 1)), token: token)
      }
      #expect(tooLong?.violations["toMonth"] == "PERIOD_INVALID")
      let reader = try await BillingTestbed.staffToken([BillingPermission.commissionsRead])
      let denied = await bed.refusal {
        _ = try await bed.call(BillingContract.createAgent, CreateAgentRequest(code: "B", name: "Б"), token: reader)
      }
      #expect(denied?.code == .permissionDenied)
    }
  }
}
