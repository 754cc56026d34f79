import CodecBenchMessages
import CodecBenchProto
import Foundation
import SwiftProtobuf
import WireCodec

/// One message encoded and decoded by one codec. The closures do one operation each and
/// return a number derived from the result, which the harness keeps, so the optimizer
/// cannot drop the work.
package struct Workload {
  package var message: String
  package var codec: Codec
  package var encodedBytes: Int
  package var encode: () throws -> Int
  package var decode: () throws -> Int
}

package enum Codec: String, CaseIterable {
  case ours = "abonent"
  case protobuf = "swift-protobuf"
  case json = "JSON (Foundation)"
}

struct RoundTripMismatch: Error, CustomStringConvertible {
  var workload: String
  var description: String { "\(self.workload): decoding the encoded message did not give the message back" }
}

extension Workload {
  /// Our codec: `wireEncoded()` and `init(wireEncoded:)`, the top-level entry points.
  static func ours<M: WireMessage & Equatable>(_ name: String, _ value: M, _ size: @escaping (M) -> Int) throws
    -> Workload
  {
    let encoded = value.wireEncoded()
    guard try M(wireEncoded: encoded) == value else { throw RoundTripMismatch(workload: "\(name)/ours") }
    return Workload(
      message: name, codec: .ours, encodedBytes: encoded.count,
      encode: { value.wireEncoded().count },
      decode: { size(try M(wireEncoded: encoded)) }
    )
  }

  /// swift-protobuf: `serializedBytes()` and `init(serializedBytes:)` on `[UInt8]`.
  static func protobuf<M: SwiftProtobuf.Message & Equatable>(_ name: String, _ value: M, _ size: @escaping (M) -> Int)
    throws -> Workload
  {
    let encoded: [UInt8] = try value.serializedBytes()
    guard try M(serializedBytes: encoded) == value else { throw RoundTripMismatch(workload: "\(name)/protobuf") }
    return Workload(
      message: name, codec: .protobuf, encodedBytes: encoded.count,
      encode: { (try value.serializedBytes() as [UInt8]).count },
      decode: { size(try M(serializedBytes: encoded)) }
    )
  }

  /// Foundation's JSONEncoder/JSONDecoder with synthesized Codable; one coder each, reused.
  static func json<M: Codable & Equatable>(_ name: String, _ value: M, _ size: @escaping (M) -> Int) throws -> Workload
  {
    let encoder = JSONEncoder()
    let decoder = JSONDecoder()
    let encoded = try encoder.encode(value)
    guard try decoder.decode(M.self, from: encoded) == value else { throw RoundTripMismatch(workload: "\(name)/json") }
    return Workload(
      message: name, codec: .json, encodedBytes: encoded.count,
      encode: { try encoder.encode(value).count },
      decode: { size(try decoder.decode(M.self, from: encoded)) }
    )
  }

  /// The three messages of the benchmark, each in the three codecs, from one data set.
  package static func all() throws -> [Workload] {
    var data = SampleData()
    let cdr = data.callDetailRecord()
    let invoice = data.invoice(lines: 50)
    let batch = data.cdrBatch(count: 1_000)
    let cdrName = "CDR (15 fields)"
    let invoiceName = "invoice (50 lines)"
    let batchName = "batch of 1,000 CDRs"
    return [
      try .ours(cdrName, cdr) { $0.callingNumber.utf8.count },
      try .protobuf(cdrName, ProtoCallDetailRecord(cdr)) { $0.callingNumber.utf8.count },
      try .json(cdrName, JSONCallDetailRecord(cdr)) { $0.callingNumber.utf8.count },
      try .ours(invoiceName, invoice) { $0.lines.count },
      try .protobuf(invoiceName, ProtoInvoice(invoice)) { $0.lines.count },
      try .json(invoiceName, JSONInvoice(invoice)) { $0.lines.count },
      try .ours(batchName, batch) { $0.records.count },
      try .protobuf(batchName, ProtoCDRBatch(batch)) { $0.records.count },
      try .json(batchName, JSONCDRBatch(batch)) { $0.records.count },
    ]
  }
}
