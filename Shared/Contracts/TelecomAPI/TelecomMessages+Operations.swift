public import RPC
public import WireCodec

/// What an operation does to a SIM (docs/telecom.md, "SIM states").
public enum SimOperationKind: Int32, WireEnum, Sendable {
  case unspecified = 0
  case assign = 1
  case block = 2
  case unblock = 3
  case reboot = 4
  case edit = 5
  case setLimit = 6
  case setPackage = 7
  case refresh = 8
  case debtBlock = 9
  case debtUnblock = 10
  case retire = 11

  public static var wireFallback: SimOperationKind { .unspecified }
}

/// Where an operation is: recorded before the network is asked, then done or failed.
public enum SimOperationStatus: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// Recorded; the network has not confirmed it yet (a restart retries it with the same id).
  case pending = 1
  case done = 2
  /// The network refused or could not be reached within the attempts; the SIM is as before.
  case failed = 3

  public static var wireFallback: SimOperationStatus { .unspecified }
}

@WireMessage("An operation on a SIM, kept as its history: who, when, what, why, and how it ended.")
public struct SimOperationRecord: Sendable, Hashable {
  @Field(1, "Operation id (UUID); the network sees it as the idempotency key") public var id: String
  @Field(2, "ICCID") public var iccid: String
  @Field(3, "What") public var kind: SimOperationKind
  @Field(4, "Where it is") public var status: SimOperationStatus
  @Field(5, "Failed: the stable reason, e.g. NETWORK_UNAVAILABLE") public var reason: String
  @Field(6, "Failed: what went wrong, for a person") public var message: String
  @Field(7, "Who asked (user or service id; `billing` for debt blocks)") public var actor: String
  @Field(8, "Why, as the person gave it") public var comment: String
  @Field(9, "What changed, e.g. `name: Насос 3 → Насос 4`") public var detail: String
  @Field(10, "When it was asked for") public var createdAt: UTCTimestamp
  @Field(11, "When it ended") public var finishedAt: UTCTimestamp?
  @Field(12, "Network calls made for it") public var attempts: UInt32
}

@WireMessage("Block, unblock, reboot, refresh or retire one SIM.")
public struct SimActionRequest: Sendable, Hashable {
  @Field(1, "ICCID") public var iccid: String
  @Field(2, "Why (kept in the SIM's history); at most 500 characters") public var comment: String
}

@WireMessage("Rename a SIM and set its groups.")
public struct EditSimRequest: Sendable, Hashable {
  @Field(1, "ICCID") public var iccid: String
  @Field(2, "Name, at most 200 characters") public var name: String
  @Field(3, "Groups, at most 20 of at most 100 characters each") public var groups: [String]
  @Field(4, "Why; at most 500 characters") public var comment: String
}

@WireMessage("Set a TC SIM's monthly caps.")
public struct SetSimLimitsRequest: Sendable, Hashable {
  @Field(1, "ICCID") public var iccid: String
  @Field(2, "The caps; zero removes one") public var limits: SimLimits
  @Field(3, "Why; at most 500 characters") public var comment: String
}

@WireMessage("Set a TD SIM's traffic package.")
public struct SetSimPackageRequest: Sendable, Hashable {
  @Field(1, "ICCID") public var iccid: String
  @Field(2, "Package code, at most 64 characters; empty removes it") public var package: String
  @Field(3, "Why; at most 500 characters") public var comment: String
}

@WireMessage("An operation and the SIM after it.")
public struct SimOperationReply: Sendable, Hashable {
  @Field(1, "The operation") public var operation: SimOperationRecord
  @Field(2, "The SIM as it is now") public var sim: Sim
}

@WireMessage("Read one operation.")
public struct GetSimOperationRequest: Sendable, Hashable {
  @Field(1, "Operation id") public var id: String
}

@WireMessage("A SIM's operations, newest first.")
public struct ListSimOperationsRequest: Sendable, Hashable {
  @Field(1, "ICCID") public var iccid: String
  @Field(2, "Page: default 100, at most 1000") public var page: PageRequest
}

@WireMessage("A page of operations.")
public struct ListSimOperationsReply: Sendable, Hashable {
  @Field(1, "Operations") public var operations: [SimOperationRecord]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("Which operations the caller may run on these SIMs.")
public struct AvailableSimOperationsRequest: Sendable, Hashable {
  @Field(1, "ICCIDs, at most 1,000") public var iccids: [String]
}

@WireMessage("A SIM an operation would be refused for, and why.")
public struct SimRefusalNote: Sendable, Hashable {
  @Field(1, "ICCID") public var iccid: String
  @Field(2, "Stable reason") public var reason: String
}

@WireMessage("One operation: how many of the SIMs it would run on, and which would be refused.")
public struct SimOperationAvailability: Sendable, Hashable {
  @Field(1, "Operation") public var kind: SimOperationKind
  @Field(2, "SIMs it would run on") public var allowed: UInt32
  @Field(3, "SIMs it would be refused for, with the reason") public var refused: [SimRefusalNote]
}

@WireMessage("The operations the caller's role allows (the buttons to show), each with its SIM counts.")
public struct AvailableSimOperationsReply: Sendable, Hashable {
  @Field(1, "Operations the caller's permissions allow, in the cabinet's order") public var operations:
    [SimOperationAvailability]
}
