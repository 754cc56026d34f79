import ISPRules
import TestSupport
import Testing
import WireCodec

/// The plan's life, its money and composition, and NAS addresses, with no database.
@Suite("ISP: plan life, plan money and composition, NAS addresses")
struct PlanRulesTests {
  typealias State = PlanLife.State

  @Test("each move from each state, and the guards: temporary suspension, equipment, logins")
  func lifeTable() {
    let strict = PlanLife(allowTemporarySuspension: false, noCancelWithEquipment: true)
    let lenient = PlanLife(allowTemporarySuspension: true, noCancelWithEquipment: false)
    let none = PlanLife.Items(equipment: 0, logins: 0, mailboxes: 0)
    let equipped = PlanLife.Items(equipment: 1, logins: 0, mailboxes: 0)
    let withLogin = PlanLife.Items(equipment: 0, logins: 1, mailboxes: 0)
    let withMailbox = PlanLife.Items(equipment: 0, logins: 0, mailboxes: 2)

    #expect(strict.apply(.suspend(temporary: false), to: .active, items: none) == .success(.suspended))
    #expect(
      strict.apply(.suspend(temporary: true), to: .active, items: none) == .failure(.temporarySuspensionNotAllowed))
    #expect(lenient.apply(.suspend(temporary: true), to: .active, items: none) == .success(.temporarilySuspended))
    #expect(strict.apply(.suspend(temporary: false), to: .suspended, items: none) == .failure(.notActive))
    #expect(strict.apply(.suspend(temporary: false), to: .cancelled, items: none) == .failure(.cancelled))
    for state in [State.suspended, .temporarilySuspended] {
      #expect(strict.apply(.reactivate, to: state, items: none) == .success(.active))
    }
    #expect(strict.apply(.reactivate, to: .active, items: none) == .failure(.notSuspended))
    #expect(strict.apply(.reactivate, to: .cancelled, items: none) == .failure(.cancelled))
    for state in [State.active, .suspended, .temporarilySuspended] {
      #expect(strict.apply(.cancel, to: state, items: none) == .success(.cancelled))
      #expect(strict.apply(.cancel, to: state, items: equipped) == .failure(.equipmentLinked))
      #expect(lenient.apply(.cancel, to: state, items: equipped) == .success(.cancelled))
      #expect(strict.apply(.change, to: state, items: none) == .success(state))
    }
    #expect(strict.apply(.cancel, to: .cancelled, items: none) == .failure(.cancelled))
    #expect(strict.apply(.change, to: .cancelled, items: none) == .failure(.cancelled))
    for state in State.allCases {
      #expect(strict.apply(.delete, to: state, items: none) == .success(nil))
      #expect(strict.apply(.delete, to: state, items: withLogin) == .failure(.loginOrMailboxLinked))
      #expect(strict.apply(.delete, to: state, items: withMailbox) == .failure(.loginOrMailboxLinked))
      #expect(strict.apply(.delete, to: state, items: equipped) == .success(nil))
    }
  }

  @Test("plan money: exact minor units with two decimals; a third decimal, a negative or a huge value is refused")
  func money() {
    #expect(PlanMoney.minor(ExactDecimal("99.90")!) == 9_990)
    #expect(PlanMoney.minor(ExactDecimal("99.900")!) == 9_990)
    #expect(PlanMoney.minor(ExactDecimal("100")!) == 10_000)
    #expect(PlanMoney.minor(ExactDecimal("0.5")!) == 50)
    #expect(PlanMoney.minor(ExactDecimal("99.905")!) == nil)
    #expect(PlanMoney.minor(ExactDecimal("-1")!) == nil)
    #expect(PlanMoney.minor(ExactDecimal("100000000.00")!) == PlanMoney.maximumMinor)
    #expect(PlanMoney.minor(ExactDecimal("100000000.01")!) == nil)
    #expect(PlanMoney.basisPoints(ExactDecimal("12.5")!) == 1_250)
    #expect(PlanMoney.basisPoints(ExactDecimal("100.01")!) == nil)
    #expect(PlanMoney.decimal(9_990) == ExactDecimal("99.90"))
  }

  @Test("plan money over the whole range of decimals a caller can send: never traps, exact when it answers")
  func moneyProperty() async {
    var random = SeededRandom.forTest("plan money")
    for index in 0..<200_000 {
      if index % 1_000 == 0 { await Task.yield() }
      let units: Int64 =
        index % 4 == 0
        ? [Int64.min, .max, 0, -1, 1].randomElement(using: &random)! : Int64.random(in: .min ... .max, using: &random)
      let scale = UInt8.random(in: 0...ExactDecimal.maxScale, using: &random)
      let value = ExactDecimal(units: units, scale: scale)
      guard let minor = PlanMoney.minor(value) else { continue }
      #expect((0...PlanMoney.maximumMinor).contains(minor))
      #expect(PlanMoney.decimal(minor) == value, "\(value) → \(minor)")
    }
  }

  @Test("composition: percent rounded half up, months since activation, never below zero, flag without value refused")
  func composition() {
    func line(
      discount: Bool, amount: Int64 = 0, points: Int64 = 0, applied: Bool = true, from: Int = 0, to: Int = 0
    ) -> PlanComposition.Line {
      PlanComposition.Line(
        discount: discount, amountMinor: amount, basisPoints: points, applied: applied, fromMonth: from, toMonth: to,
        description: "")
    }
    // 30 % in months 1–3, 10 % in 4–6, then none; a 5.00 surcharge always; an unapplied discount.
    let progressive = PlanComposition(lines: [
      line(discount: true, points: 3_000, from: 1, to: 3), line(discount: true, points: 1_000, from: 4, to: 6),
      line(discount: false, amount: 500), line(discount: true, amount: 5_000, applied: false),
    ])
    #expect(progressive.monthlyAmount(valueMinor: 9_990, month: 1) == 9_990 - 2_997 + 500)
    #expect(progressive.monthlyAmount(valueMinor: 9_990, month: 3) == 9_990 - 2_997 + 500)
    #expect(progressive.monthlyAmount(valueMinor: 9_990, month: 4) == 9_990 - 999 + 500)
    #expect(progressive.monthlyAmount(valueMinor: 9_990, month: 7) == 9_990 + 500)
    // 12.5 % of 0.99 is 0.12375: half up to 0.12; of 1.00 is 0.125 → 0.13.
    let half = PlanComposition(lines: [line(discount: true, points: 1_250)])
    #expect(half.monthlyAmount(valueMinor: 99, month: 1) == 99 - 12)
    #expect(half.monthlyAmount(valueMinor: 100, month: 1) == 100 - 13)
    #expect(
      PlanComposition(lines: [line(discount: true, amount: 20_000)]).monthlyAmount(valueMinor: 9_990, month: 1) == 0)
    #expect(PlanComposition.problem(of: line(discount: true)) == .appliedWithoutValue)
    #expect(PlanComposition.problem(of: line(discount: true, applied: false)) == nil)
    #expect(PlanComposition.problem(of: line(discount: false, amount: 1, points: 1)) == .valueAndPercent)
    #expect(PlanComposition.problem(of: line(discount: true, amount: 1, from: 5, to: 2)) == .monthsOutOfOrder)
    #expect(progressive.hasDiscount && !PlanComposition(lines: [line(discount: false, amount: 1)]).hasDiscount)
  }

  @Test("composition over every bounded input: never traps, never negative, at most value plus every surcharge")
  func compositionProperty() async {
    var random = SeededRandom.forTest("plan composition")
    for index in 0..<50_000 {
      if index % 500 == 0 { await Task.yield() }
      let lines = (0..<Int.random(in: 0...PlanComposition.maximumLines, using: &random)).map { _ in
        let percent = Bool.random(using: &random)
        return PlanComposition.Line(
          discount: Bool.random(using: &random),
          amountMinor: percent ? 0 : Int64.random(in: 0...PlanMoney.maximumMinor, using: &random),
          basisPoints: percent ? Int64.random(in: 0...10_000, using: &random) : 0, applied: Bool.random(using: &random),
          fromMonth: Int.random(in: 0...PlanComposition.maximumMonth, using: &random),
          toMonth: Int.random(in: 0...PlanComposition.maximumMonth, using: &random), description: "")
      }
      let value = Int64.random(in: 0...PlanMoney.maximumMinor, using: &random)
      let month = Int.random(in: 1...PlanComposition.maximumMonth, using: &random)
      let amount = PlanComposition(lines: lines).monthlyAmount(valueMinor: value, month: month)
      let ceiling = lines.filter { !$0.discount }.reduce(value) { sum, line in
        sum + max(line.amountMinor, value)
      }
      #expect(amount >= 0 && amount <= ceiling)
    }
  }

  @Test("NAS addresses: an IPv4 address and a port 1–65535, nothing else")
  func nasAddresses() {
    let nas = NASAddress.parse("127.0.0.1:3799")
    #expect(nas?.host == "127.0.0.1" && nas?.port == 3799)
    for bad in [
      "127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", "localhost:3799", "::1:3799", "1.2.3.4:+80", "1.2.3.4:", "",
    ] {
      #expect(NASAddress.parse(bad) == nil, "\(bad)")
    }
  }
}
