import TelecomRules
import TestSupport
import Testing
import WireCodec

/// The seed's five NCV classes and sale availability (§3.4.3; issue 17, must show 1 and 2), at
/// their boundaries: a cooling period of 30 days.
@Suite("DID pool: non-target call classes and sale availability")
struct NumberSaleRulesTests {
  let rules = NumberSaleRules(coolingDays: 30, agentPlace: "AGENT")
  let today = CalendarDate(year: 2026, month: 12, day: 3)!

  func day(_ offset: Int) -> CalendarDate { CalendarDate(daysSinceEpoch: self.today.daysSinceEpoch + Int32(offset)) }

  func facts(first: Int?, last: Int?, fmtn: Bool = false, place: String = "MSK") -> NumberSaleRules.Facts {
    NumberSaleRules.Facts(
      fmtn: fmtn, place: place, firstStatisticsDay: first.map(self.day), lastCallDay: last.map(self.day))
  }

  @Test("no statistics since the number's last move: No data; statistics only after today: No data too")
  func noData() {
    #expect(self.rules.classify(self.facts(first: nil, last: nil), today: self.today) == .noData)
    #expect(self.rules.classify(self.facts(first: 1, last: nil), today: self.today) == .noData)
  }

  @Test("fewer than 30 days since the first statistics: Insufficient data; exactly 30: enough")
  func insufficientAtTheBoundary() {
    #expect(self.rules.classify(self.facts(first: 0, last: nil), today: self.today) == .insufficientData)
    #expect(self.rules.classify(self.facts(first: -29, last: -1), today: self.today) == .insufficientData)
    #expect(self.rules.classify(self.facts(first: -30, last: nil), today: self.today) == .noCalls)
    #expect(self.rules.classify(self.facts(first: -30, last: -2), today: self.today) == .hasCalls)
  }

  @Test("a non-target call on today − 30 still counts; one on today − 31 no longer does")
  func coolingWindowBoundary() {
    #expect(self.rules.classify(self.facts(first: -100, last: -30), today: self.today) == .hasCalls)
    #expect(self.rules.classify(self.facts(first: -100, last: -31), today: self.today) == .noCalls)
    #expect(self.rules.classify(self.facts(first: -100, last: 0), today: self.today) == .hasCalls)
  }

  @Test("Ignore NCV for FMTN numbers and agent numbers only, whatever their calls")
  func ignored() {
    #expect(self.rules.classify(self.facts(first: -100, last: 0, fmtn: true), today: self.today) == .ignored)
    #expect(self.rules.classify(self.facts(first: nil, last: nil, place: "AGENT"), today: self.today) == .ignored)
    #expect(self.rules.classify(self.facts(first: -100, last: 0, place: "AGENTS"), today: self.today) == .hasCalls)
  }

  @Test("availability: taken numbers never; forced always otherwise; else No NCV and Ignore NCV only")
  func availability() {
    for status in NumberStatus.allCases {
      for forced in [false, true] {
        for ncv in NonTargetCallClass.allCases {
          let expected: SaleAvailability =
            status.isTaken ? .no : forced ? .forced : (ncv == .noCalls || ncv == .ignored) ? .yes : .no
          #expect(self.rules.availability(status: status, forced: forced, class: ncv) == expected)
        }
      }
    }
    #expect(self.rules.availability(status: .archive, forced: false, class: .noCalls) == .yes)
    #expect(self.rules.availability(status: .free, forced: false, class: .hasCalls) == .no)
    #expect(self.rules.availability(status: .inWork, forced: true, class: .noCalls) == .no)
  }

  @Test("the class over random facts follows the seed's definitions")
  func randomFacts() {
    var random = SeededRandom.forTest("ncv class")
    for _ in 0..<20_000 {
      let first = Bool.random(using: &random) ? Int.random(in: -400...5, using: &random) : nil
      let last = Bool.random(using: &random) ? Int.random(in: -400...0, using: &random) : nil
      let fmtn = Int.random(in: 0..<10, using: &random) == 0
      let place = Int.random(in: 0..<10, using: &random) == 0 ? "AGENT" : "MSK"
      let ncv = self.rules.classify(self.facts(first: first, last: last, fmtn: fmtn, place: place), today: self.today)
      if fmtn || place == "AGENT" {
        #expect(ncv == .ignored)
      } else if first == nil || first! > 0 {
        #expect(ncv == .noData)
      } else if -first! < 30 {
        #expect(ncv == .insufficientData)
      } else {
        #expect(ncv == ((last ?? -1000) >= -30 ? .hasCalls : .noCalls))
      }
    }
  }
}

@Suite("DID pool: release requests")
struct ReleaseRequestStateTests {
  @Test("5 unique callers go straight to approval; 6 need the customer's consent first")
  func threshold() {
    #expect(ReleaseRequestState.start(uniqueCallers: 0, consentThreshold: 6) == .awaitingApproval)
    #expect(ReleaseRequestState.start(uniqueCallers: 5, consentThreshold: 6) == .awaitingApproval)
    #expect(ReleaseRequestState.start(uniqueCallers: 6, consentThreshold: 6) == .awaitingConsent)
    #expect(ReleaseRequestState.start(uniqueCallers: 1_000, consentThreshold: 6) == .awaitingConsent)
  }

  @Test("every state and step: consent then approval; decided requests stay decided")
  func transitions() throws {
    #expect(try ReleaseRequestState.awaitingConsent.after(.recordConsent).get() == .awaitingApproval)
    #expect(try ReleaseRequestState.awaitingApproval.after(.approve).get() == .approved)
    #expect(try ReleaseRequestState.awaitingConsent.after(.reject).get() == .rejected)
    #expect(try ReleaseRequestState.awaitingApproval.after(.reject).get() == .rejected)
    #expect(throws: ReleaseRefusal.self) { try ReleaseRequestState.awaitingConsent.after(.approve).get() }
    #expect(throws: ReleaseRefusal.self) { try ReleaseRequestState.awaitingApproval.after(.recordConsent).get() }
    for closed in [ReleaseRequestState.approved, .rejected] {
      for step in [ReleaseRequestState.Step.recordConsent, .approve, .reject] {
        guard case .failure(let refusal) = closed.after(step) else {
          Issue.record("\(closed) accepted \(step)")
          continue
        }
        #expect(refusal.reason == "RELEASE_REQUEST_CLOSED")
      }
    }
    if case .failure(let refusal) = ReleaseRequestState.awaitingConsent.after(.approve) {
      #expect(refusal.reason == "CONSENT_REQUIRED")
    }
  }
}
