import TestSupport
import Testing
import UtilitiesRules
import WireCodec

/// Meter registers, consumption with turn-over, and reading validation (issue 18, must show 2).
@Suite("Utilities: meter registers, consumption, reading validation")
struct ReadingRulesTests {
  let seedRegister = MeterRegister(digits: 8, decimals: 3)!
  let fiveDigits = MeterRegister(digits: 5, decimals: 0)!
  let rules = ReadingValidation(highPercent: 300, lowPercent: 20, rolloverShare: 10, overdue: .refuse)
  let day = CalendarDate(year: 2026, month: 1, day: 10)!

  @Test("the seed's 00000145.554 is 145,554 thousandths; other spellings and refusals")
  func parsing() {
    #expect(self.seedRegister.units(of: "00000145.554") == 145_554)
    #expect(self.seedRegister.units(of: "145,554") == 145_554)
    #expect(self.seedRegister.units(of: "145") == 145_000)
    #expect(self.seedRegister.units(of: "145.5") == 145_500)
    #expect(self.seedRegister.units(of: "99999999.999") == 99_999_999_999)
    #expect(self.seedRegister.text(of: 145_554) == "00000145.554")
    for bad in ["", ".5", "1.", "1.2345", "123456789", "12a", "-1", "1.2.3", "1,2.3", " 1", "١٢"] {
      #expect(self.seedRegister.units(of: bad) == nil, "\(bad)")
    }
    #expect(self.fiveDigits.units(of: "00003") == 3 && self.fiveDigits.units(of: "3.0") == nil)
  }

  @Test("any value of any register prints and reads back the same")
  func roundTrip() {
    var random = SeededRandom.forTest("meter register")
    for _ in 0..<20_000 {
      let register = MeterRegister(
        digits: Int.random(in: MeterRegister.digitRange, using: &random),
        decimals: Int.random(in: MeterRegister.decimalRange, using: &random))!
      let units = Int64.random(in: 0..<register.capacity, using: &random)
      #expect(register.units(of: register.text(of: units)) == units)
    }
  }

  @Test("a 5-digit register going 99998 → 00003 used 5 m³; 145 → 100 is refused, not a turn-over")
  func rollover() {
    let between = { (previous: Int64, current: Int64) in
      Consumption.between(previous: previous, current: current, register: self.fiveDigits, rolloverShare: 10)
    }
    #expect(between(99_998, 3) == .rollover(units: 5))
    #expect(between(145, 100) == .belowPrevious)
    #expect(between(100, 145) == .normal(units: 45))
    // The edge: exactly 10 % of 100,000 is a turn-over, one more is not.
    #expect(between(90_000, 0) == .rollover(units: 10_000))
    #expect(between(89_999, 0) == .belowPrevious)
  }

  @Test("over random readings, consumption is never negative and a turn-over never exceeds its share")
  func consumptionProperties() {
    var random = SeededRandom.forTest("consumption")
    for _ in 0..<20_000 {
      let register = MeterRegister(
        digits: Int.random(in: 4...10, using: &random), decimals: Int.random(in: 0...3, using: &random))!
      let previous = Int64.random(in: 0..<register.capacity, using: &random)
      let current = Int64.random(in: 0..<register.capacity, using: &random)
      let share = Int.random(in: 0...100, using: &random)
      switch Consumption.between(previous: previous, current: current, register: register, rolloverShare: share) {
      case .normal(let units): #expect(current >= previous && units == current - previous)
      case .rollover(let units):
        #expect(current < previous && units > 0 && units * 100 <= register.capacity * Int64(share))
        #expect((previous + units) % register.capacity == current)
      case .belowPrevious: #expect(current < previous)
      }
    }
  }

  @Test("validation: a drop refused, high and low consumption held, zero flagged, overdue refused or held")
  func validation() {
    let usual: Int64 = 10
    func judge(
      _ previous: Int64?, _ current: Int64, usual: Int64? = usual, due: CalendarDate? = nil,
      rules: ReadingValidation? = nil
    ) -> ReadingValidation.Verdict {
      (rules ?? self.rules).judge(
        previous: previous, current: current, register: self.fiveDigits, usual: usual, verificationDue: due,
        readOn: self.day)
    }
    #expect(judge(99_998, 3) == .accepted(units: 5, flags: ["ROLLOVER"]))
    guard case .refused(let reason, _) = judge(145, 100) else {
      Issue.record("a drop was not refused")
      return
    }
    #expect(reason == "READING_BELOW_PREVIOUS")
    #expect(judge(100, 130) == .accepted(units: 30, flags: []))
    #expect(judge(100, 131) == .held(units: 31, reason: "CONSUMPTION_HIGH"))
    #expect(judge(100, 102) == .accepted(units: 2, flags: []))
    #expect(judge(100, 101) == .held(units: 1, reason: "CONSUMPTION_LOW"))
    #expect(judge(100, 100) == .accepted(units: 0, flags: ["ZERO_CONSUMPTION"]))
    #expect(judge(100, 500, usual: nil) == .accepted(units: 400, flags: []))
    #expect(judge(nil, 500) == .accepted(units: 0, flags: ["FIRST_READING"]))
    let due = CalendarDate(year: 2026, month: 1, day: 9)!
    guard case .refused(let overdue, _) = judge(100, 110, due: due) else {
      Issue.record("overdue accepted")
      return
    }
    #expect(overdue == "VERIFICATION_OVERDUE")
    let holding = ReadingValidation(highPercent: 300, lowPercent: 20, rolloverShare: 10, overdue: .hold)
    #expect(judge(100, 110, due: due, rules: holding) == .held(units: nil, reason: "VERIFICATION_OVERDUE"))
    #expect(judge(100, 110, due: self.day) == .accepted(units: 10, flags: []))
  }
}

/// The cabinet's submission refusals, with the manual's texts (issue 18, must show 1).
@Suite("Utilities: submitting readings")
struct ReadingSubmissionTests {
  let meters = [
    ReadingSubmission.Meter(id: "cold", factoryNumber: "12223773", installed: true),
    ReadingSubmission.Meter(id: "hot", factoryNumber: "", installed: false),
    ReadingSubmission.Meter(id: "second", factoryNumber: "99887766", installed: true),
    ReadingSubmission.Meter(id: "unnumbered", factoryNumber: "", installed: true),
  ]

  @Test("the manual's two refusals, word for word")
  func seedTexts() {
    let removed = ReadingSubmission.refusals(named: ["hot"], meters: self.meters, confirmed: true)
    #expect(removed.map(\.reason) == ["METER_NOT_WORKING"])
    #expect(removed.first?.message == "Невозможно передать показания на не работающий прибор учета!")
    let unnumbered = ReadingSubmission.refusals(named: ["unnumbered"], meters: self.meters, confirmed: true)
    #expect(unnumbered.map(\.reason) == ["METER_WITHOUT_FACTORY_NUMBER"])
    #expect(unnumbered.first?.message == "Показания на водомер без заводского номера не передаются!")
    #expect(ReadingSubmission.inProcessing == "Ваши показания в обработке!")
  }

  @Test("readings for only some of the installed meters need the confirmation; all of them do not")
  func confirmation() {
    let working = [self.meters[0], self.meters[2]]
    #expect(
      ReadingSubmission.refusals(named: ["cold"], meters: working, confirmed: false).map(\.reason)
        == ["CONFIRMATION_REQUIRED"])
    #expect(ReadingSubmission.refusals(named: ["cold"], meters: working, confirmed: true).isEmpty)
    #expect(ReadingSubmission.refusals(named: ["cold", "second"], meters: working, confirmed: false).isEmpty)
    #expect(
      ReadingSubmission.refusals(named: ["nope"], meters: working, confirmed: true).map(\.reason) == ["METER_NOT_FOUND"]
    )
  }
}
