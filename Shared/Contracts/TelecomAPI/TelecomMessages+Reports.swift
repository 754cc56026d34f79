public import RPC
public import WireCodec

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// The seed's three report templates (docs/telecom.md, "Usage reports and downloads").
public enum UsageReportTemplate: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// Each data session: one row per record.
  case sessions = 1
  /// Each SIM's usage per day in the report's time zone, by kind, country, operator and currency.
  case days = 2
  /// Each call and each SMS: one row per record, with the other party's number.
  case callsAndSms = 3

  public static var wireFallback: UsageReportTemplate { .unspecified }
}

/// What a usage record is; its quantity's unit follows from it.
public enum UsageKind: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// A data session; quantity in bytes.
  case data = 1
  /// A voice call; quantity in seconds.
  case call = 2
  /// An SMS; quantity in messages (1 each).
  case sms = 3

  public static var wireFallback: UsageKind { .unspecified }
}

@WireMessage("A usage report: a template over chosen SIMs (or all the caller may see) and a range of days.")
public struct UsageReportRequest: Sendable, Hashable {
  @Field(1, "Template: sessions, days or calls and SMS") public var template: UsageReportTemplate
  @Field(2, "ICCIDs, at most 1,000; empty for every SIM the caller may see") public var iccids: [String]
  @Field(3, "First day, in the report's time zone") public var from: CalendarDate
  @Field(4, "Last day (inclusive); at most 366 days from the first") public var through: CalendarDate
  @Field(5, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage(
  "One report row, with the seed's columns: start, end, number, ICCID, name, quantity, cost, country, operator.")
public struct UsageReportRow: Sendable, Hashable {
  @Field(1, "Start (days: the first record's start that day)") public var start: UTCTimestamp
  @Field(2, "End (days: the last record's end that day)") public var end: UTCTimestamp
  @Field(3, "The SIM's MSISDN") public var msisdn: String
  @Field(4, "The SIM's ICCID") public var iccid: String
  @Field(5, "The name the customer gave the SIM") public var name: String
  @Field(6, "Kind") public var kind: UsageKind
  @Field(7, "Quantity: bytes (data), seconds (calls), messages (SMS)") public var quantity: Int64
  @Field(8, "Cost in minor units of the currency, exact") public var costMinor: Int64
  @Field(9, "ISO 4217 currency of the cost") public var currency: String
  @Field(10, "Cost in the currency's units, exact (costMinor with the currency's minor digits)") public var cost:
    ExactDecimal
  @Field(11, "Visited country, ISO 3166 alpha-2") public var country: String
  @Field(12, "Visited network (operator)") public var networkOperator: String
  @Field(13, "The other party's number (calls, SMS); empty otherwise") public var peer: String
  @Field(14, "The day in the report's time zone the row counts on (its start's day)") public var day: CalendarDate
  @Field(15, "Usage records in the row: 1, or the day's count (days)") public var records: UInt64
  @Field(16, "The network's id of the usage record; empty for days") public var recordID: String
}

@WireMessage("The quantity of one kind of usage over the whole report.")
public struct UsageQuantityTotal: Sendable, Hashable {
  @Field(1, "Kind") public var kind: UsageKind
  @Field(2, "Unit: bytes, seconds or messages") public var unit: String
  @Field(3, "Records of this kind") public var records: UInt64
  @Field(4, "Sum of their quantities") public var quantity: Int64
}

@WireMessage("The cost in one currency over the whole report.")
public struct UsageCostTotal: Sendable, Hashable {
  @Field(1, "ISO 4217 currency") public var currency: String
  @Field(2, "Sum in minor units, exact") public var costMinor: Int64
  @Field(3, "The same in the currency's units") public var cost: ExactDecimal
}

@WireMessage("Totals over every row of the report, not only the page.")
public struct UsageReportTotals: Sendable, Hashable {
  @Field(1, "Usage records counted") public var records: UInt64
  @Field(2, "Per kind, in its unit") public var quantities: [UsageQuantityTotal]
  @Field(3, "Per currency") public var costs: [UsageCostTotal]
}

@WireMessage("A page of a usage report, with the totals of the whole report.")
public struct UsageReportReply: Sendable, Hashable {
  @Field(1, "Rows: sessions and calls by start, days by day then ICCID") public var rows: [UsageReportRow]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
  @Field(3, "Rows in the whole report") public var totalRows: UInt64
  @Field(4, "Totals of the whole report") public var totals: UsageReportTotals
  @Field(5, "The IANA time zone days are cut in (e.g. Europe/Moscow)") public var timeZone: String
}

@WireMessage("Export a usage report as an XLSX file to the caller's Downloads, announced by e-mail.")
public struct ExportUsageReportRequest: Sendable, Hashable {
  @Field(1, "The report; its page is ignored (the file holds every row)") public var report: UsageReportRequest
  @Field(
    2,
    "Where to send the ready notice (the cabinet passes its signed-in user's address; Identity's token carries none)")
  public var email: String
}

@WireMessage("The export's task: follow it with GetTask; its result is the download's id.")
public struct ExportUsageReportReply: Sendable, Hashable {
  @Field(1, "Task id") public var taskID: String
}

@WireMessage("A file in the caller's Downloads.")
public struct Download: Sendable, Hashable {
  @Field(1, "Download id") public var id: String
  @Field(2, "File name") public var fileName: String
  @Field(3, "Media type") public var contentType: String
  @Field(4, "Size in bytes") public var size: UInt64
  @Field(5, "When it was made") public var createdAt: UTCTimestamp
  @Field(6, "When it is deleted") public var expiresAt: UTCTimestamp
  @Field(7, "The task that made it") public var taskID: String
}

@WireMessage("A page of the caller's Downloads.")
public struct ListDownloadsRequest: Sendable, Hashable {
  @Field(1, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("The caller's files, newest first; expired ones are not listed.")
public struct ListDownloadsReply: Sendable, Hashable {
  @Field(1, "Files") public var downloads: [Download]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("A piece of one of the caller's files.")
public struct DownloadFileRequest: Sendable, Hashable {
  @Field(1, "Download id") public var id: String
  @Field(2, "First byte, from 0; at most the file's size") public var offset: UInt64
  @Field(3, "Bytes wanted: 0 for 1 MiB, at most 1 MiB (1,048,576)") public var length: UInt32
}

@WireMessage("A piece of a file; fetch from offset + bytes.count until that reaches totalSize.")
public struct DownloadFileChunk: Sendable, Hashable {
  @Field(1, "File name") public var fileName: String
  @Field(2, "Media type") public var contentType: String
  @Field(3, "The whole file's size in bytes") public var totalSize: UInt64
  @Field(4, "Where this piece starts") public var offset: UInt64
  @Field(5, "The bytes; fewer than asked at the end of the file") public var bytes: Data
}

@WireMessage("Delete one of the caller's files before it expires.")
public struct DeleteDownloadRequest: Sendable, Hashable {
  @Field(1, "Download id") public var id: String
}

@WireMessage("The file is gone.")
public struct DeleteDownloadReply: Sendable, Hashable {}
