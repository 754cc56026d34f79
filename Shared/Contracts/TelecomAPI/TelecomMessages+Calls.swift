public import RPC
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
  @Field(11, "SMS only, required for them: what became of the message") public var deliveryStatus: SmsDeliveryStatus
  @Field(12, "SMS only: the Billing subscription it was sent under, at most 64 characters; empty if none")
  public var subscriptionID: String
}

/// What became of a sent SMS, as the SMS centre reports it.
public enum SmsDeliveryStatus: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  case delivered = 1
  /// Accepted, not yet delivered.
  case pending = 2
  case failed = 3
  /// Not delivered within the message's validity.
  case expired = 4

  public static var wireFallback: SmsDeliveryStatus { .unspecified }

  /// How records store it.
  public var code: String {
    switch self {
    case .unspecified: ""
    case .delivered: "delivered"
    case .pending: "pending"
    case .failed: "failed"
    case .expired: "expired"
    }
  }

  public init?(code: String) {
    guard let found = Self.allCases.first(where: { $0.code == code }) else { return nil }
    self = found
  }
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
  @Field(7, "Server time spent rating the records (deciding, pricing, writing the rows), in microseconds")
  public var ratingMicroseconds: UInt64
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

/// Which call records a search reads (the seed's «Текущие CDR» and «Архив CDR»).
public enum CallRecordView: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  /// Calls started in the last 60 minutes.
  case current = 1
  /// Calls started before that, within the request's period.
  case archive = 2

  public static var wireFallback: CallRecordView { .unspecified }
}

@WireMessage("Search an account's call records by service (the seed's «Просмотр CDR»).")
public struct SearchCallsRequest: Sendable, Hashable {
  @Field(1, "Current (the last 60 minutes) or archive (before that)") public var view: CallRecordView
  @Field(2, "Personal account number") public var accountNumber: String
  @Field(
    3, "Billed service, required: call recording (CALLS_REC) and unlimited call recording are different services")
  public var service: BilledService
  @Field(4, "Dialed number or its beginning, digits; empty for every number") public var dialedNumber: String
  @Field(5, "Archive: calls started from (inclusive); required for the archive") public var from: UTCTimestamp?
  @Field(6, "Archive: calls started before (exclusive), at most 93 days after from; required for the archive")
  public var to: UTCTimestamp?
  @Field(7, "Which page, newest calls first") public var page: PageRequest
}

@WireMessage("A stored call record, as rated.")
public struct CallRecordRow: Sendable, Hashable {
  @Field(1, "The switch's call id") public var callID: String
  @Field(2, "Personal account") public var accountNumber: String
  @Field(3, "Calling party") public var caller: String
  @Field(4, "Dialed number") public var dialedNumber: String
  @Field(5, "Billed service") public var service: BilledService
  @Field(6, "Place of service") public var placeOfService: String
  @Field(7, "Start") public var startedAt: UTCTimestamp
  @Field(8, "Answered") public var answered: Bool
  @Field(9, "Duration in seconds") public var durationSeconds: UInt32
  @Field(10, "Billed quantity: seconds, messages or kilobytes") public var quantity: UInt64
  @Field(11, "Empty when rated; else NO_RETAIL_PRICE, NO_WHOLESALE_PRICE, LOCKED or CHARGE_OUT_OF_RANGE")
  public var unratedReason: String
  @Field(12, "The lock that refused it, for LOCKED") public var lockID: String
  @Field(13, "Provider that carried it") public var provider: String
  @Field(14, "Retail charge, when rated") public var charge: ExactDecimal?
  @Field(15, "Currency of the charge") public var currency: String
  @Field(16, "Where it came from: stream, asterisk or freeswitch") public var source: String
}

@WireMessage("One page of call records, newest first.")
public struct SearchCallsReply: Sendable, Hashable {
  @Field(1, "The records") public var records: [CallRecordRow]
  @Field(2, "Token of the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("Export a call search to an XLSX file in Downloads.")
public struct ExportCallsRequest: Sendable, Hashable {
  @Field(1, "The search (its page is ignored: the file holds every record, up to exportMaximumRows)")
  public var search: SearchCallsRequest
  @Field(2, "Where to say the file is ready") public var email: String
}

@WireMessage("The export task.")
public struct ExportCallsReply: Sendable, Hashable {
  @Field(1, "Task id: its progress and the file are under Tasks and Downloads") public var taskID: String
}

@WireMessage("An SMS subscription's sent messages over a period (the cabinet's SMS statistics).")
public struct SmsStatisticsRequest: Sendable, Hashable {
  @Field(1, "The Billing subscription the messages were sent under") public var subscriptionID: String
  @Field(2, "First day, UTC") public var from: CalendarDate
  @Field(3, "Last day, UTC, inclusive; at most 93 days after the first") public var through: CalendarDate
  @Field(4, "Only messages of this status; unspecified for all") public var status: SmsDeliveryStatus
  @Field(5, "Which page of the messages, newest first") public var page: PageRequest
}

@WireMessage("How many messages of one status were sent on one day.")
public struct SmsDayCount: Sendable, Hashable {
  @Field(1, "Day, UTC; empty in totals") public var day: CalendarDate?
  @Field(2, "Delivery status") public var status: SmsDeliveryStatus
  @Field(3, "Messages") public var messages: UInt64
}

@WireMessage("A sent message.")
public struct SentSms: Sendable, Hashable {
  @Field(1, "The SMS centre's id") public var callID: String
  @Field(2, "Personal account charged") public var accountNumber: String
  @Field(3, "Recipient") public var dialedNumber: String
  @Field(4, "Sent at") public var sentAt: UTCTimestamp
  @Field(5, "Delivery status") public var status: SmsDeliveryStatus
  @Field(6, "Messages (parts) billed") public var quantity: UInt64
  @Field(7, "Retail charge, when rated") public var charge: ExactDecimal?
}

@WireMessage("Counts per day and status over the whole period, totals per status, and a page of the messages.")
public struct SmsStatisticsReply: Sendable, Hashable {
  @Field(1, "Per day and status, by day") public var days: [SmsDayCount]
  @Field(2, "Per status over the period (day left empty)") public var totals: [SmsDayCount]
  @Field(3, "The messages, newest first") public var messages: [SentSms]
  @Field(4, "Token of the next page of messages; empty on the last") public var nextPageToken: String
}
