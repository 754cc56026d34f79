package import WireCodec

#if canImport(FoundationEssentials)
  package import FoundationEssentials
#else
  package import Foundation
#endif

/// Which way a call went.
package enum CallDirection: Int32, WireEnum {
  case unspecified = 0
  case inbound = 1
  case outbound = 2

  package static var wireFallback: CallDirection { .unspecified }
}

/// One rated call, as Telecom keeps it: the "CDR" of the codec benchmark (15 fields).
@WireMessage("A rated call")
package struct CallDetailRecord: Sendable, Hashable {
  @Field(1) package var id: UUID
  @Field(2) package var callingNumber: String
  @Field(3) package var calledNumber: String
  @Field(4) package var startedAt: UTCTimestamp
  @Field(5) package var durationSeconds: UInt32
  @Field(6) package var billedSeconds: UInt32
  @Field(7) package var direction: CallDirection
  @Field(8) package var simICCID: String
  @Field(9) package var trunk: String
  @Field(10) package var cellID: UInt64
  @Field(11) package var rate: ExactDecimal
  @Field(12) package var charge: ExactDecimal
  @Field(13) package var currency: String
  @Field(14) package var tariffCode: String
  @Field(15) package var disconnectCause: Int32
}

/// A batch of CDRs as a switch hands them over for rating.
@WireMessage("A batch of CDRs")
package struct CDRBatch: Sendable, Hashable {
  @Field(1) package var batchID: UUID
  @Field(2) package var source: String
  @Field(3) package var createdAt: UTCTimestamp
  @Field(4) package var records: [CallDetailRecord]
}
