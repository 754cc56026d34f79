public import Foundation
public import WireCodec

// The messages of docs/wire-vectors.json, as Swift types, shared by the codec tests and the
// fuzzer. WireVectorTests checks that their generated schemas equal the ones in the file.

public enum VectorStatus: Int32, WireEnum {
  case unspecified = 0
  case active = 1
  case blocked = 2

  public static var wireFallback: VectorStatus { .unspecified }
}

@WireMessage("Every scalar type once")
public struct Scalars: Hashable {
  @Field(1) public var flag: Bool
  @Field(2) public var i32: Int32
  @Field(3) public var i64: Int64
  @Field(4) public var u32: UInt32
  @Field(5) public var u64: UInt64
  @Field(6) public var ratio: Double
  @Field(7) public var text: String
  @Field(8) public var blob: Data
  @Field(9) public var id: UUID
  @Field(10) public var at: UTCTimestamp
  @Field(11) public var day: CalendarDate
  @Field(12) public var amount: ExactDecimal
  @Field(13) public var status: VectorStatus
}

@WireMessage("Optional, repeated, map and nested fields")
public struct Collections: Hashable {
  @Field(1) public var numbers: [Int64]
  @Field(2) public var names: [String]
  @Field(3) public var amounts: [ExactDecimal]
  @Field(4) public var ids: [UUID]
  @Field(5) public var counts: [String: Int64]
  @Field(6) public var byNumber: [Int64: String]
  @Field(7) public var maybe: Int64?
  @Field(8) public var maybeText: String?
  @Field(9) public var child: Scalars
  @Field(10) public var children: [Scalars]
  @Field(11) public var statuses: [VectorStatus]
}

@WireMessage("A recursive message, for depth limits")
public struct Tree: Hashable {
  @Field(1) public var label: String
  @Field(2) public var children: [Tree]
}

@WireMessage("Version 1 of an evolving message", name: "AccountV1")
public struct AccountV1: Hashable {
  @Field(1) public var id: UUID
  @Field(2) public var name: String
  @Field(3) public var balance: ExactDecimal
}

@WireMessage("Version 2: adds currency, tags and status", name: "AccountV2")
public struct AccountV2: Hashable {
  @Field(1) public var id: UUID
  @Field(2) public var name: String
  @Field(3) public var balance: ExactDecimal
  @Field(4) public var currency: String
  @Field(5) public var tags: [String]
  @Field(6) public var status: VectorStatus
}

/// Every vector message type by its schema name.
public let vectorMessageTypes: [String: any WireMessage.Type] = [
  "Scalars": Scalars.self,
  "Collections": Collections.self,
  "Tree": Tree.self,
  "AccountV1": AccountV1.self,
  "AccountV2": AccountV2.self,
]
