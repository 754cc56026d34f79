public import WireCodec

@WireMessage("One call detail record as a switch reports it.")
public struct CallDetailRecord: Sendable, Hashable {
  @Field(
    1,
    "The switch's call id (Asterisk uniqueid, FreeSWITCH uuid), 1–64 characters; with the start time it is the "
      + "record's identity")
  public var callID: String
  @Field(2, "The personal account the call is billed to") public var accountNumber: String
  @Field(3, "The calling party as the switch names it, at most 80 characters") public var caller: String
  @Field(4, "Dialed number: 1 to 20 digits, optionally after a +") public var dialedNumber: String
  @Field(5, "Billed service") public var service: BilledService
  @Field(6, "Place of service, as in the price lists") public var placeOfService: String
  @Field(7, "When the call started; at most 400 days ago and at most a day ahead") public var startedAt: UTCTimestamp
  @Field(8, "Whether the call was answered (a recording made, an SMS delivered)") public var answered: Bool
  @Field(9, "Whole duration in seconds, ringing included") public var durationSeconds: UInt32
  @Field(
    10,
    "What is billed: seconds of conversation or recording, messages for SMS, kilobytes for data; 0 when "
      + "unanswered")
  public var quantity: UInt64
}

@WireMessage("A batch of call records for IngestCalls: 1 to 10,000, stored all together or not at all.")
public struct CallRecordBatch: Sendable, Hashable {
  @Field(1, "The records") public var records: [CallDetailRecord]
}

@WireMessage("What an ingest or a file import stored.")
public struct IngestCallsReply: Sendable, Hashable {
  @Field(1, "Records received") public var received: UInt64
  @Field(2, "Records stored now; the others had been stored before (the same call id and start)") public var stored:
    UInt64
  @Field(3, "Stored records that were rated with a charge for Billing") public var charged: UInt64
  @Field(4, "Stored records that could not be rated (see their reason)") public var unrated: UInt64
  @Field(5, "Batches received") public var batches: UInt32
  @Field(6, "Refused lines of a file (at most 100 reported); when any, nothing was stored") public var errors:
    [CallFileLineError]
}

/// How a switch writes its CDR files (docs/telecom.md, "Call records").
public enum CallFileFormat: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  /// Asterisk's cdr_csv `Master.csv`, with `loguniqueid=yes`.
  case asteriskCSV = 1
  /// FreeSWITCH's mod_cdr_csv with its default template.
  case freeswitchCSV = 2

  public static var wireFallback: CallFileFormat { .unspecified }
}

@WireMessage("Import a switch's CDR file: every line or none.")
public struct ImportCallFileRequest: Sendable, Hashable {
  @Field(1, "The file's format") public var format: CallFileFormat
  @Field(2, "The file's text, UTF-8, at most 100,000 lines") public var content: String
  @Field(3, "The billed service of every call in the file") public var service: BilledService
  @Field(4, "The place of service of every call in the file") public var placeOfService: String
  @Field(
    5,
    "The switch clock's offset from UTC in minutes, -720 to 840: the files write local time (0 when the switch "
      + "logs UTC)")
  public var utcOffsetMinutes: Int32
}

@WireMessage("A refused line of a CDR file.")
public struct CallFileLineError: Sendable, Hashable {
  @Field(1, "Line number, from 1") public var line: UInt32
  @Field(2, "Stable reason code") public var reason: String
  @Field(3, "What is wrong with it") public var message: String
}
