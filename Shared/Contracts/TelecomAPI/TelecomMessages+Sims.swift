public import RPC
public import WireCodec

/// Which commercial controls apply to a SIM (docs/telecom.md, "Profiles").
public enum SimProfileKind: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// Limits apply: data and spend caps per month.
  case tc = 1
  /// Traffic packages apply: a bundle bought in advance.
  case td = 2

  public static var wireFallback: SimProfileKind { .unspecified }
}

/// Where a SIM is in its life (docs/telecom.md, "SIM states").
public enum SimStateKind: Int32, WireEnum, Sendable {
  case unspecified = 0
  case ready = 1
  case active = 2
  case blocked = 3
  case debtBlocked = 4
  case retired = 5

  public static var wireFallback: SimStateKind { .unspecified }
}

/// Whether the network sees the SIM now.
public enum SimConnection: Int32, WireEnum, Sendable {
  case unknown = 0
  case online = 1
  case attached = 2
  case offline = 3

  public static var wireFallback: SimConnection { .unknown }
}

@WireMessage("A TC SIM's monthly caps; zero means no cap.")
public struct SimLimits: Sendable, Hashable {
  @Field(1, "Data cap in megabytes; 0 for none") public var dataMegabytes: Int64
  @Field(2, "Spend cap in the account's currency; 0 for none") public var spend: ExactDecimal
}

@WireMessage("A SIM card as the cabinet's SIM list shows it.")
public struct Sim: Sendable, Hashable {
  @Field(1, "ICCID: 19 or 20 digits with a Luhn check digit") public var iccid: String
  @Field(2, "MSISDN, digits without +") public var msisdn: String
  @Field(3, "External number (a DID routed to the SIM), if any") public var externalNumber: String
  @Field(4, "IMSI") public var imsi: String
  @Field(5, "Profile: TC (limits) or TD (traffic packages)") public var profile: SimProfileKind
  @Field(6, "Billing's personal account number; empty for stock SIMs") public var accountNumber: String
  @Field(7, "The customer's name, as Billing had it at assignment") public var customerName: String
  @Field(8, "Name given by the customer") public var name: String
  @Field(9, "Groups") public var groups: [String]
  @Field(10, "TC: monthly caps") public var limits: SimLimits
  @Field(11, "TD: the traffic package's code; empty for none") public var package: String
  @Field(12, "APN") public var apn: String
  @Field(13, "State") public var state: SimStateKind
  @Field(14, "Network: connection") public var connection: SimConnection
  @Field(15, "Network: last seen") public var lastSeen: UTCTimestamp?
  @Field(16, "Network: the visited operator") public var networkOperator: String
  @Field(17, "Network: the visited country, ISO 3166 alpha-2") public var country: String
  @Field(18, "When it was imported") public var createdAt: UTCTimestamp
  @Field(19, "When it last changed") public var updatedAt: UTCTimestamp
  @Field(20, "The Identity organization whose users see it; empty for stock SIMs") public var organizationID: String
}

@WireMessage("One line of a SIM import file.")
public struct SimImportError: Sendable, Hashable {
  @Field(1, "Line number in the file, from 1 (the header is line 1 when present)") public var line: UInt32
  @Field(2, "Stable reason, e.g. ICCID_CHECK_DIGIT") public var reason: String
  @Field(3, "What is wrong, for a person") public var message: String
}

@WireMessage("Import SIM cards from CSV: ICCID, MSISDN, IMSI, profile (TC or TD); a header line is optional.")
public struct ImportSimsRequest: Sendable, Hashable {
  @Field(1, "The CSV text (UTF-8, comma or semicolon separated); at most 10,000 lines") public var csv: String
  @Field(2, "APN for the imported SIMs; empty for the default") public var apn: String
}

@WireMessage(
  "What an import did: lines with errors are skipped, the rest imported; ICCIDs already known are left as they are.")
public struct ImportSimsReply: Sendable, Hashable {
  @Field(1, "SIMs created") public var imported: UInt32
  @Field(2, "Lines naming an ICCID already known with the same data: nothing to do") public var unchanged: UInt32
  @Field(3, "Lines refused, with why") public var errors: [SimImportError]
}

@WireMessage("Put stock SIMs on a customer's personal account; they become active.")
public struct AssignSimsRequest: Sendable, Hashable {
  @Field(1, "ICCIDs, at most 1,000") public var iccids: [String]
  @Field(2, "Billing's personal account number") public var accountNumber: String
  @Field(3, "The customer's name; ignored when Telecom reaches Billing, which gives it") public var customerName: String
  @Field(
    4,
    "The customer's Identity organization (UUID), whose users will see the SIMs; may be empty when Billing knows it"
  ) public var organizationID: String
}

@WireMessage("Read one SIM.")
public struct GetSimRequest: Sendable, Hashable {
  @Field(1, "ICCID") public var iccid: String
}

/// The order of a SIM list.
public enum SimSort: Int32, WireEnum, Sendable {
  case iccid = 0
  case msisdn = 1
  case name = 2
  case account = 3
  case state = 4
  case lastSeen = 5

  public static var wireFallback: SimSort { .iccid }
}

@WireMessage("Filter the SIM list: every set field must match; text fields match a prefix unless noted.")
public struct SimFilter: Sendable, Hashable {
  @Field(1, "ICCID prefix") public var iccid: String
  @Field(2, "MSISDN prefix") public var msisdn: String
  @Field(3, "External number prefix") public var externalNumber: String
  @Field(4, "IMSI prefix") public var imsi: String
  @Field(5, "Profile") public var profile: SimProfileKind
  @Field(6, "Account number, exact") public var accountNumber: String
  @Field(7, "Customer name, case-insensitive, anywhere in it") public var customerName: String
  @Field(8, "Name, case-insensitive, anywhere in it") public var name: String
  @Field(9, "Has this group") public var group: String
  @Field(10, "States (any of)") public var states: [SimStateKind]
  @Field(11, "Connection") public var connection: SimConnection
  @Field(12, "APN, exact") public var apn: String
  @Field(13, "Traffic package, exact") public var package: String
  @Field(14, "Visited country, exact") public var country: String
}

@WireMessage("A page of SIMs.")
public struct ListSimsRequest: Sendable, Hashable {
  @Field(1, "Filter") public var filter: SimFilter
  @Field(2, "Order") public var sort: SimSort
  @Field(3, "Descending") public var descending: Bool
  @Field(4, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("A page of SIMs, with how many match the filter in all.")
public struct ListSimsReply: Sendable, Hashable {
  @Field(1, "SIMs") public var sims: [Sim]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
  @Field(3, "How many SIMs match the filter") public var total: UInt64
}

@WireMessage("The columns of the SIM list a user chose to show, in order.")
public struct SimColumns: Sendable, Hashable {
  @Field(1, "Column names as in Sim (iccid, msisdn, externalNumber, …)") public var columns: [String]
}

@WireMessage("Read the caller's SIM list columns.")
public struct GetSimColumnsRequest: Sendable, Hashable {}
