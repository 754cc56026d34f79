import Foundation
import WireCodec

// The messages of docs/wire-vectors.json, as Swift types. WireVectorTests checks that their
// generated schemas equal the ones in the file, so the two cannot drift apart.

enum VectorStatus: Int32, WireEnum {
  case unspecified = 0
  case active = 1
  case blocked = 2

  static var wireFallback: VectorStatus { .unspecified }
}

@WireMessage("Every scalar type once")
struct Scalars: Hashable {
  @Field(1) var flag: Bool
  @Field(2) var i32: Int32
  @Field(3) var i64: Int64
  @Field(4) var u32: UInt32
  @Field(5) var u64: UInt64
  @Field(6) var ratio: Double
  @Field(7) var text: String
  @Field(8) var blob: Data
  @Field(9) var id: UUID
  @Field(10) var at: UTCTimestamp
  @Field(11) var day: CalendarDate
  @Field(12) var amount: ExactDecimal
  @Field(13) var status: VectorStatus
}

@WireMessage("Optional, repeated, map and nested fields")
struct Collections: Hashable {
  @Field(1) var numbers: [Int64]
  @Field(2) var names: [String]
  @Field(3) var amounts: [ExactDecimal]
  @Field(4) var ids: [UUID]
  @Field(5) var counts: [String: Int64]
  @Field(6) var byNumber: [Int64: String]
  @Field(7) var maybe: Int64?
  @Field(8) var maybeText: String?
  @Field(9) var child: Scalars
  @Field(10) var children: [Scalars]
  @Field(11) var statuses: [VectorStatus]
}

@WireMessage("A recursive message, for depth limits")
struct Tree: Hashable {
  @Field(1) var label: String
  @Field(2) var children: [Tree]
}

@WireMessage("Version 1 of an evolving message", name: "AccountV1")
struct AccountV1: Hashable {
  @Field(1) var id: UUID
  @Field(2) var name: String
  @Field(3) var balance: ExactDecimal
}

@WireMessage("Version 2: adds currency, tags and status", name: "AccountV2")
struct AccountV2: Hashable {
  @Field(1) var id: UUID
  @Field(2) var name: String
  @Field(3) var balance: ExactDecimal
  @Field(4) var currency: String
  @Field(5) var tags: [String]
  @Field(6) var status: VectorStatus
}

/// Every vector message type by its schema name.
let vectorMessageTypes: [String: any WireMessage.Type] = [
  "Scalars": Scalars.self,
  "Collections": Collections.self,
  "Tree": Tree.self,
  "AccountV1": AccountV1.self,
  "AccountV2": AccountV2.self,
]
