public import RPC
public import WireCodec

/// Where a reading came from (the seed's «Источник показаний»).
public enum ReadingSource: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  /// «Сайт»: the customer cabinet.
  case site = 1
  case mobileApp = 2
  /// Taken by the utility's inspector.
  case inspector = 3
  /// Bulk import.
  case importFile = 4
  /// At installation.
  case installation = 5

  public static var wireFallback: ReadingSource { .unspecified }
}

/// Where a reading is in its life.
public enum ReadingStatus: Int32, WireEnum, Sendable, CaseIterable {
  case unspecified = 0
  /// Registered and plausible, waiting for the month close («Ваши показания в обработке!»).
  case processing = 1
  /// Kept but not billed until staff accept it (consumption far from the usual, verification overdue).
  case held = 2
  /// Used by a month close.
  case billed = 3
  /// Rejected by staff on review, or replaced by a later reading of the same month.
  case rejected = 4

  public static var wireFallback: ReadingStatus { .unspecified }
}

@WireMessage("One meter's reading in a submission.")
public struct MeterReadingInput: Sendable, Hashable {
  @Field(1, "Meter id") public var meterID: String
  @Field(2, "The register as read, e.g. 00000145.554 or 145,554") public var value: String
}

@WireMessage("The cabinet's «Передать показания»: this month's readings of a personal account.")
public struct SubmitReadingsRequest: Sendable, Hashable {
  @Field(1, "Personal account") public var accountNumber: String
  @Field(2, "Readings, at most one per meter") public var readings: [MeterReadingInput]
  @Field(3, "The customer confirmed sending readings of only some of the meters") public var confirmedPartial: Bool
  @Field(4, "Source: site (default) or mobile app; inspector needs utilities.readings.import")
  public var source: ReadingSource
}

@WireMessage("A registered reading.")
public struct Reading: Sendable, Hashable {
  @Field(1, "Reading id") public var id: String
  @Field(2, "Meter id") public var meterID: String
  @Field(3, "Personal account") public var accountNumber: String
  @Field(4, "The register as it prints it") public var value: String
  @Field(5, "Day read") public var readOn: CalendarDate
  @Field(6, "Source") public var source: ReadingSource
  @Field(7, "Status") public var status: ReadingStatus
  @Field(8, "Why it is held or rejected (a reason code)") public var reason: String
  @Field(9, "What is worth a look: ZERO_CONSUMPTION, ROLLOVER, FIRST_READING") public var flags: [String]
  @Field(10, "Consumption since the previous reading, m³ with the register's decimals") public var consumption: String
  @Field(11, "Who gave it") public var submittedBy: String
  @Field(12, "When") public var submittedAt: UTCTimestamp
  @Field(13, "Staff's comment on review") public var reviewComment: String
}

@WireMessage("What became of a submission: every reading registered, or the whole submission refused.")
public struct SubmitReadingsReply: Sendable, Hashable {
  @Field(1, "«Ваши показания в обработке!»") public var message: String
  @Field(2, "The registered readings") public var readings: [Reading]
}

@WireMessage("Readings from a CSV file: account;factory number;value;date;external id — idempotent by external id.")
public struct ImportReadingsRequest: Sendable, Hashable {
  @Field(1, "The file, UTF-8, `;` or `,` separated, a header line first") public var csv: String
  @Field(2, "Source recorded: inspector or import (default)") public var source: ReadingSource
}

@WireMessage("One refused line of an import.")
public struct ImportLineError: Sendable, Hashable {
  @Field(1, "Line number, 1 is the header") public var line: Int32
  @Field(2, "Reason code") public var reason: String
  @Field(3, "What is wrong") public var message: String
}

@WireMessage("What an import did: all lines or none.")
public struct ImportReadingsReply: Sendable, Hashable {
  @Field(1, "Readings registered now") public var registered: Int32
  @Field(2, "Lines whose external id was imported before (nothing changed)") public var replayed: Int32
  @Field(3, "Held for review among those registered") public var held: Int32
  @Field(4, "Refused lines; when any, nothing was registered") public var errors: [ImportLineError]
}

@WireMessage("Staff's decision on a held reading.")
public struct ReviewReadingRequest: Sendable, Hashable {
  @Field(1, "Reading id") public var readingID: String
  @Field(2, "Accept it for billing; false rejects it") public var accept: Bool
  @Field(3, "Why (required)") public var comment: String
}

@WireMessage("Readings of an account or a meter, newest first.")
public struct ListReadingsRequest: Sendable, Hashable {
  @Field(1, "Personal account") public var accountNumber: String
  @Field(2, "Only this meter") public var meterID: String
  @Field(3, "Only this status") public var status: ReadingStatus
  @Field(4, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("A page of readings.")
public struct ListReadingsReply: Sendable, Hashable {
  @Field(1, "Readings, newest first") public var readings: [Reading]
  @Field(2, "Token for the next page") public var nextPageToken: String
}
