import WireCodec

/// A switch's CDR file (docs/telecom.md, "Call records"), read line by line into
/// ``SwitchCall``s. Every line is checked on its own; a file is stored only when no line is
/// refused, so an operator fixes the file (or the switch's CDR filter) and sends it again.
///
/// - Asterisk `cdr_csv` (`Master.csv`), which needs `loguniqueid=yes`: accountcode, src, dst,
///   dcontext, clid, channel, dstchannel, lastapp, lastdata, start, answer, end, duration,
///   billsec, disposition, amaflags, uniqueid[, userfield, …]. Answered when the disposition is
///   `ANSWERED`.
/// - FreeSWITCH `mod_cdr_csv`, default template: caller_id_name, caller_id_number,
///   destination_number, context, start_stamp, answer_stamp, end_stamp, duration, billsec,
///   hangup_cause, uuid, bleg_uuid, accountcode[, read_codec, write_codec, …]. Answered when
///   answer_stamp is set.
///
/// Times are `YYYY-MM-DD HH:MM:SS` in the switch's local time, `utcOffsetMinutes` from UTC.
public struct SwitchCallFile: Sendable {
  public enum Format: Sendable {
    case asterisk
    case freeswitch
  }

  public struct Refusal: Error, Sendable, Equatable {
    public let line: Int
    public let reason: String
    public let message: String
  }

  public static let maximumLines = 100_000
  public static let maximumCallID = 64
  public static let maximumAccountNumber = 32
  public static let maximumCaller = 80
  /// UTC−12:00 to UTC+14:00, the clocks in use.
  public static let utcOffsets: ClosedRange<Int32> = -720...840

  public private(set) var calls: [SwitchCall] = []
  public private(set) var refusals: [Refusal] = []

  /// Reads `text`; a file that is not CSV at all (or too long) is one refusal naming the line.
  public init(_ text: String, format: Format, utcOffsetMinutes: Int32) {
    let offset = Int64(utcOffsetMinutes) * 60_000_000
    switch QuotedCSVLines.split(text, maximum: Self.maximumLines) {
    case .failure(.tooManyLines):
      self.refusals = [Refusal(line: Self.maximumLines + 1, reason: "TOO_MANY_LINES", message: Self.tooLong)]
    case .failure(.unclosedQuote(let line)):
      self.refusals = [Refusal(line: line, reason: "LINE_FORMAT", message: "A quoted field is never closed.")]
    case .failure(.textAfterQuote(let line)):
      self.refusals = [
        Refusal(line: line, reason: "LINE_FORMAT", message: "A quoted field is followed by text before the comma.")
      ]
    case .success(let lines):
      self.calls.reserveCapacity(lines.count)
      var seen: [CallKey: Int] = [:]
      for line in lines {
        switch Self.call(line, format: format, offsetMicros: offset) {
        case .success(let call):
          let key = CallKey(callID: call.callID, startedAt: call.startedAt)
          if let first = seen[key] {
            self.refusals.append(
              Refusal(
                line: line.number, reason: "CALL_REPEATED",
                message: "The call \(call.callID) is on line \(first) already, with the same start."))
          } else {
            seen[key] = line.number
            self.calls.append(call)
          }
        case .failure(let refusal):
          self.refusals.append(refusal)
        }
      }
    }
  }

  static let tooLong = "A file holds at most \(maximumLines) lines; split it."

  struct CallKey: Hashable {
    let callID: String
    let startedAt: UTCTimestamp
  }

  /// Where each value is in a line of `format`.
  struct Columns {
    let count: Int
    let account: Int
    let caller: Int
    let dialed: Int
    let start: Int
    let answer: Int
    let duration: Int
    let billsec: Int
    let callID: Int
    let disposition: Int?

    static let asterisk = Columns(
      count: 17, account: 0, caller: 1, dialed: 2, start: 9, answer: 10, duration: 12, billsec: 13, callID: 16,
      disposition: 14)
    static let freeswitch = Columns(
      count: 13, account: 12, caller: 1, dialed: 2, start: 4, answer: 5, duration: 7, billsec: 8, callID: 10,
      disposition: nil)
  }

  static func call(_ line: QuotedCSVLines.Line, format: Format, offsetMicros: Int64) -> Result<SwitchCall, Refusal> {
    func refuse(_ reason: String, _ message: String) -> Result<SwitchCall, Refusal> {
      .failure(Refusal(line: line.number, reason: reason, message: message))
    }
    let columns = format == .asterisk ? Columns.asterisk : Columns.freeswitch
    let fields = line.fields
    guard fields.count >= columns.count else {
      let which =
        format == .asterisk
        ? "Asterisk's cdr_csv writes at least 17 (uniqueid is the 17th: set loguniqueid=yes)"
        : "FreeSWITCH's default template writes at least 13 (uuid 11th, accountcode 13th)"
      return refuse("LINE_FORMAT", "The line has \(fields.count) fields; \(which).")
    }
    let callID = fields[columns.callID]
    guard !callID.isEmpty, callID.utf8.count <= Self.maximumCallID else {
      return refuse("CALL_ID_FORMAT", "The call id is 1 to \(Self.maximumCallID) characters.")
    }
    let account = fields[columns.account]
    guard !account.isEmpty, account.utf8.count <= Self.maximumAccountNumber else {
      return refuse("ACCOUNT_FORMAT", "The account code (the personal account billed) is 1 to 32 characters.")
    }
    let caller = fields[columns.caller]
    guard caller.utf8.count <= Self.maximumCaller else {
      return refuse("CALLER_FORMAT", "The calling number is at most \(Self.maximumCaller) characters.")
    }
    guard let dialed = try? DialedDigits(dialedNumber: fields[columns.dialed]) else {
      return refuse("NUMBER_FORMAT", "The dialed number is 1 to 20 digits, optionally after a +.")
    }
    guard let start = Self.localTime(fields[columns.start]) else {
      return refuse("START_FORMAT", "The start is a time, YYYY-MM-DD HH:MM:SS.")
    }
    let answerText = fields[columns.answer]
    guard answerText.isEmpty || Self.localTime(answerText) != nil else {
      return refuse("ANSWER_FORMAT", "The answer time is a time, YYYY-MM-DD HH:MM:SS, or empty.")
    }
    let limit = Tariffication.maximumDurationSeconds
    guard let duration = Int64(fields[columns.duration]), (0...limit).contains(duration) else {
      return refuse("DURATION_FORMAT", "The duration is whole seconds, 0 to \(limit).")
    }
    guard let billsec = Int64(fields[columns.billsec]), (0...duration).contains(billsec) else {
      return refuse("BILLSEC_FORMAT", "The billed seconds are whole seconds, 0 to the duration.")
    }
    let answered =
      if let disposition = columns.disposition { fields[disposition] == "ANSWERED" } else { !answerText.isEmpty }
    return .success(
      SwitchCall(
        line: line.number, callID: callID, accountNumber: account, caller: caller, dialed: dialed,
        startedAt: UTCTimestamp(microsecondsSinceEpoch: start - offsetMicros), answered: answered,
        durationSeconds: duration, billableSeconds: answered ? billsec : 0))
  }

  /// `YYYY-MM-DD HH:MM:SS` as microseconds since the epoch, read as if UTC; nil otherwise.
  static func localTime(_ text: String) -> Int64? {
    let parts = text.split(separator: " ", omittingEmptySubsequences: false)
    guard parts.count == 2, let date = CalendarDate(iso8601: String(parts[0])) else { return nil }
    let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
    guard clock.count == 3, clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
      let hours = Int64(clock[0]), let minutes = Int64(clock[1]), let seconds = Int64(clock[2]),
      (0..<24).contains(hours), (0..<60).contains(minutes), (0..<60).contains(seconds)
    else { return nil }
    return (Int64(date.daysSinceEpoch) * 86_400 + hours * 3_600 + minutes * 60 + seconds) * 1_000_000
  }
}
