public import WireCodec

/// One call as a switch's CDR file reports it, checked: what ``SwitchCallFile`` reads from a
/// line, before the billed service and place (the file's) are added.
public struct SwitchCall: Sendable, Equatable {
  /// The line it was read from, from 1.
  public let line: Int
  /// Asterisk's `uniqueid`, FreeSWITCH's `uuid`.
  public let callID: String
  /// The switch's `accountcode`: the personal account billed.
  public let accountNumber: String
  /// The calling number (Asterisk's `src`, FreeSWITCH's `caller_id_number`).
  public let caller: String
  public let dialed: DialedDigits
  public let startedAt: UTCTimestamp
  public let answered: Bool
  /// Ringing included.
  public let durationSeconds: Int64
  /// Seconds from answer to hang-up; 0 when not answered.
  public let billableSeconds: Int64
}
