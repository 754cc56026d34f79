import Foundation
import TestSupport
import Testing
import WireCodec

@testable import TelecomRules

/// Switches' CDR files (docs/telecom.md, "Call records"): Asterisk's cdr_csv and FreeSWITCH's
/// mod_cdr_csv, quoting as they write it, per-line refusals, and no input that traps.
@Suite("Switch CDR files")
struct SwitchCallFileTests {
  /// A line as Asterisk 20's cdr_csv writes it with loguniqueid and loguserfield: the caller id
  /// has quotes of its own (doubled), lastdata has commas.
  static let asterisk =
    #""LS-1","74951234567","381114112060","from-internal","""Офис"" <74951234567>","SIP/101-0000001a","#
    + #""SIP/megafon-0000001b","Dial","SIP/megafon/381114112060,60,tT","2026-11-30 10:00:00","#
    + #""2026-11-30 10:00:05","2026-11-30 10:01:10",70,65,"ANSWERED","DOCUMENTATION","1764496800.26","""#

  static let freeswitch =
    #""Офис","74951234567","381114112060","default","2026-11-30 10:00:00","2026-11-30 10:00:05","#
    + #""2026-11-30 10:01:10","70","65","NORMAL_CLEARING","a1b2c3d4-0001","","LS-1","PCMA","PCMA""#

  @Test("an Asterisk line: account, caller, number, start in UTC from the switch's offset, billable seconds")
  func asteriskLine() throws {
    let file = SwitchCallFile(Self.asterisk + "\r\n", format: .asterisk, utcOffsetMinutes: 180)
    #expect(file.refusals.isEmpty)
    let call = try #require(file.calls.first)
    #expect(call.callID == "1764496800.26" && call.accountNumber == "LS-1" && call.caller == "74951234567")
    #expect(call.dialed.description == "381114112060" && call.answered)
    #expect(call.durationSeconds == 70 && call.billableSeconds == 65 && call.line == 1)
    #expect(call.startedAt.description == "2026-11-30T07:00:00.000000Z")
  }

  @Test("a FreeSWITCH line by the default template; answered when answer_stamp is set")
  func freeswitchLine() throws {
    let unanswered = Self.freeswitch.replacingOccurrences(of: #""2026-11-30 10:00:05""#, with: #""""#)
      .replacingOccurrences(of: "a1b2c3d4-0001", with: "a1b2c3d4-0002")
    let file = SwitchCallFile(Self.freeswitch + "\n\n" + unanswered, format: .freeswitch, utcOffsetMinutes: -300)
    #expect(file.refusals.isEmpty)
    #expect(file.calls.map(\.line) == [1, 3])
    #expect(file.calls.first?.startedAt.description == "2026-11-30T15:00:00.000000Z")
    #expect(file.calls.first?.billableSeconds == 65 && file.calls.first?.accountNumber == "LS-1")
    #expect(file.calls.last?.answered == false && file.calls.last?.billableSeconds == 0)
  }

  @Test("an unanswered Asterisk call bills nothing even if billsec says otherwise")
  func asteriskUnanswered() {
    let line = Self.asterisk.replacingOccurrences(of: "\"ANSWERED\"", with: "\"NO ANSWER\"")
    let file = SwitchCallFile(line, format: .asterisk, utcOffsetMinutes: 0)
    #expect(file.calls.first?.answered == false && file.calls.first?.billableSeconds == 0)
  }

  @Test(
    "bad lines are refused with their line and reason",
    arguments: [
      ("\"LS-1\",\"1\"", "LINE_FORMAT"),
      (asterisk.replacingOccurrences(of: "\"1764496800.26\"", with: "\"\""), "CALL_ID_FORMAT"),
      (asterisk.replacingOccurrences(of: "\"LS-1\"", with: "\"\""), "ACCOUNT_FORMAT"),
      (asterisk.replacingOccurrences(of: "\"381114112060\",\"from", with: "\"s\",\"from"), "NUMBER_FORMAT"),
      (asterisk.replacingOccurrences(of: "\"2026-11-30 10:00:00\"", with: "\"30.11.2026 10:00\""), "START_FORMAT"),
      (asterisk.replacingOccurrences(of: "\"2026-11-30 10:00:05\"", with: "\"yesterday\""), "ANSWER_FORMAT"),
      (asterisk.replacingOccurrences(of: ",70,65,", with: ",-1,0,"), "DURATION_FORMAT"),
      (asterisk.replacingOccurrences(of: ",70,65,", with: ",70,71,"), "BILLSEC_FORMAT"),
      (asterisk.replacingOccurrences(of: ",70,65,", with: ",99999999999999999999,1,"), "DURATION_FORMAT"),
      (asterisk.replacingOccurrences(of: "\"DOCUMENTATION\"", with: "\"DOC\"x"), "LINE_FORMAT"),
      ("\"LS-1,\"unclosed", "LINE_FORMAT"),
    ])
  func refusals(line: String, reason: String) {
    let file = SwitchCallFile(Self.asterisk + "\n" + line, format: .asterisk, utcOffsetMinutes: 0)
    #expect(file.refusals.map(\.reason) == [reason], "\(file.refusals)")
    #expect(file.refusals.first?.line == 2)
  }

  @Test("the same call twice in a file is refused on its second line")
  func repeatedCall() {
    let file = SwitchCallFile(
      [Self.asterisk, Self.asterisk].joined(separator: "\n"), format: .asterisk, utcOffsetMinutes: 0)
    #expect(file.refusals == [.init(line: 2, reason: "CALL_REPEATED", message: file.refusals.first?.message ?? "")])
    #expect(file.refusals.first?.message.contains("line 1") == true && file.calls.count == 1)
  }

  @Test("a file of more than 100,000 lines is refused whole")
  func tooLong() {
    let text = String(repeating: "x\n", count: SwitchCallFile.maximumLines + 1)
    let file = SwitchCallFile(text, format: .freeswitch, utcOffsetMinutes: 0)
    #expect(file.refusals.map(\.reason) == ["TOO_MANY_LINES"] && file.calls.isEmpty)
  }

  @Test("quoted fields: doubled quotes, commas and line ends inside, numbered by their first line")
  func quoting() throws {
    let lines = try QuotedCSVLines.split("a,\"b,\"\"c\"\"\",d\n\n \n\"multi\nline\",e\r\nlast", maximum: 10).get()
    #expect(lines.map(\.fields) == [["a", "b,\"c\"", "d"], ["multi\nline", "e"], ["last"]])
    #expect(lines.map(\.number) == [1, 4, 6])
  }

  @Test("quoted CSV round-trips random fields (100,000 lines)")
  func quotingRoundTrip() async throws {
    var (random, seed) = SeededRandom.forProperty("QuotedCSV.roundTrip")
    let alphabet: [Character] = ["a", "Я", ",", "\"", " ", "\n", "1", ";", "\\", "\t"]
    for round in 0..<100 {
      await Task.yield()
      var rows: [[String]] = []
      for _ in 0..<1_000 {
        rows.append(
          (0..<Int.random(in: 1...6, using: &random)).map { _ in
            String((0..<Int.random(in: 0...8, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
          })
      }
      // A row of one empty field is a blank line, which the reader skips by design.
      rows = rows.filter { $0 != [""] }
      let text = rows.map { row in
        row.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
      }.joined(separator: "\n")
      let read = try QuotedCSVLines.split(text, maximum: 2_000).get().map(\.fields)
      #expect(read == rows, "round \(round), seed \(seed)")
      if read != rows { return }
    }
  }

  @Test("no input traps: random bytes and mutated lines give calls or refusals (20,000 inputs)")
  func randomInput() async {
    var (random, seed) = SeededRandom.forProperty("SwitchCallFile.randomInput")
    let pieces = [
      Self.asterisk, Self.freeswitch, "\"", ",", "\n", "\r\n", "9999999999999999999999", "-", "2026-02-30 25:61:61",
    ]
    for round in 0..<20_000 {
      if round % 500 == 0 { await Task.yield() }
      var text = ""
      for _ in 0..<Int.random(in: 0...6, using: &random) {
        text += pieces.randomElement(using: &random)!
        if Bool.random(using: &random) {
          var bytes = Array(text.utf8)
          if !bytes.isEmpty {
            bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
          }
          text = String(decoding: bytes, as: UTF8.self)
        }
      }
      for format in [SwitchCallFile.Format.asterisk, .freeswitch] {
        let file = SwitchCallFile(text, format: format, utcOffsetMinutes: Int32.random(in: -720...840, using: &random))
        #expect(
          file.calls.allSatisfy { $0.billableSeconds <= $0.durationSeconds && $0.billableSeconds >= 0 },
          "seed \(seed)")
      }
    }
  }
}
