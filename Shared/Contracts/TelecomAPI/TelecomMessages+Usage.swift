public import WireCodec

@WireMessage("Make the network simulator produce usage records for a SIM (tests and demos).")
public struct SimulateUsageRequest: Sendable, Hashable {
  @Field(1, "ICCID of a SIM Telecom knows") public var iccid: String
  @Field(2, "How many records, 1 to 10,000") public var count: UInt32
  @Field(3, "They start at or after this instant") public var from: UTCTimestamp
  @Field(4, "…and end by this one, at most 366 days later") public var through: UTCTimestamp
}

@WireMessage("One usage record as the network produced it.")
public struct SimulatedUsageRecord: Sendable, Hashable {
  @Field(1, "The network's id of the record") public var id: String
  @Field(2, "`data`, `call` or `sms`") public var kind: String
  @Field(3, "Start") public var start: UTCTimestamp
  @Field(4, "End") public var end: UTCTimestamp
  @Field(5, "Bytes (data), seconds (call), 1 (SMS)") public var quantity: Int64
  @Field(6, "Cost in minor units of the currency") public var costMinor: Int64
  @Field(7, "ISO 4217 currency") public var currency: String
  @Field(8, "The other number (calls, SMS)") public var peer: String
  @Field(9, "Visited network (operator)") public var network: String
  @Field(10, "Country, ISO 3166 alpha-2") public var country: String
}

@WireMessage("The records the network produced; Telecom collects them like any other usage.")
public struct SimulateUsageReply: Sendable, Hashable {
  @Field(1, "Records, by start") public var records: [SimulatedUsageRecord]
}
