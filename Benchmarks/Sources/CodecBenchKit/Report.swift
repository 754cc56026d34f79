import Foundation

/// What one workload measured.
package struct CodecMeasurement {
  package var workload: Workload
  package var encodeNanoseconds: Double
  package var decodeNanoseconds: Double
  package var encodeMallocs: Double?
  package var decodeMallocs: Double?

  package init(
    workload: Workload, encodeNanoseconds: Double, decodeNanoseconds: Double, encodeMallocs: Double?,
    decodeMallocs: Double?
  ) {
    self.workload = workload
    self.encodeNanoseconds = encodeNanoseconds
    self.decodeNanoseconds = decodeNanoseconds
    self.encodeMallocs = encodeMallocs
    self.decodeMallocs = decodeMallocs
  }

  var roundTripNanoseconds: Double { self.encodeNanoseconds + self.decodeNanoseconds }
}

/// The targets of issue 3, checked per message.
enum Targets {
  static let fasterThanProtobuf = 2.0
  static let fasterThanJSON = 10.0
  static let sizeOverProtobuf = 1.10
}

package struct Report {
  package var measurements: [CodecMeasurement]

  package init(measurements: [CodecMeasurement]) {
    self.measurements = measurements
  }

  var messages: [String] {
    var seen: [String] = []
    for m in self.measurements where !seen.contains(m.workload.message) { seen.append(m.workload.message) }
    return seen
  }

  func find(_ message: String, _ codec: Codec) -> CodecMeasurement? {
    self.measurements.first { $0.workload.message == message && $0.workload.codec == codec }
  }

  package var resultsTable: String {
    var lines = [
      "| message | codec | bytes | encode ns/op | decode ns/op | encode+decode ns/op | mallocs/encode | mallocs/decode |",
      "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for m in self.measurements {
      lines.append(
        "| \(m.workload.message) | \(m.workload.codec.rawValue) | \(group(m.workload.encodedBytes)) "
          + "| \(nanos(m.encodeNanoseconds)) | \(nanos(m.decodeNanoseconds)) | \(nanos(m.roundTripNanoseconds)) "
          + "| \(count(m.encodeMallocs)) | \(count(m.decodeMallocs)) |"
      )
    }
    return lines.joined(separator: "\n")
  }

  /// Per message: our encode+decode against the peers' (how many times faster) and our size
  /// against protobuf's, each with its target.
  package var ratioTable: String {
    var lines = [
      "| message | abonent vs swift-protobuf, encode+decode (target ≥ \(Targets.fasterThanProtobuf)×) "
        + "| abonent vs JSON, encode+decode (target ≥ \(Targets.fasterThanJSON)×) "
        + "| size abonent / swift-protobuf (target ≤ \(Targets.sizeOverProtobuf)) "
        + "| encode only vs protobuf | decode only vs protobuf |",
      "|---|---:|---:|---:|---:|---:|",
    ]
    for check in self.checks {
      lines.append(
        "| \(check.message) | \(times(check.vsProtobuf)) \(mark(check.vsProtobufMet)) "
          + "| \(times(check.vsJSON)) \(mark(check.vsJSONMet)) "
          + "| \(String(format: "%.3f", check.sizeRatio)) \(mark(check.sizeMet)) "
          + "| \(times(check.encodeVsProtobuf)) | \(times(check.decodeVsProtobuf)) |"
      )
    }
    return lines.joined(separator: "\n")
  }

  package struct Check {
    package var message: String
    var vsProtobuf: Double
    var vsJSON: Double
    var sizeRatio: Double
    var encodeVsProtobuf: Double
    var decodeVsProtobuf: Double
    var vsProtobufMet: Bool { self.vsProtobuf >= Targets.fasterThanProtobuf }
    var vsJSONMet: Bool { self.vsJSON >= Targets.fasterThanJSON }
    var sizeMet: Bool { self.sizeRatio <= Targets.sizeOverProtobuf }
    package var allMet: Bool { self.vsProtobufMet && self.vsJSONMet && self.sizeMet }
  }

  package var checks: [Check] {
    self.messages.compactMap { message in
      guard let ours = self.find(message, .ours), let protobuf = self.find(message, .protobuf),
        let json = self.find(message, .json)
      else { return nil }
      return Check(
        message: message,
        vsProtobuf: protobuf.roundTripNanoseconds / ours.roundTripNanoseconds,
        vsJSON: json.roundTripNanoseconds / ours.roundTripNanoseconds,
        sizeRatio: Double(ours.workload.encodedBytes) / Double(protobuf.workload.encodedBytes),
        encodeVsProtobuf: protobuf.encodeNanoseconds / ours.encodeNanoseconds,
        decodeVsProtobuf: protobuf.decodeNanoseconds / ours.decodeNanoseconds
      )
    }
  }
}

func mark(_ met: Bool) -> String { met ? "pass" : "**MISS**" }

func times(_ ratio: Double) -> String { String(format: "%.2f×", ratio) }

func nanos(_ value: Double) -> String { value < 100 ? String(format: "%.1f", value) : group(Int(value.rounded())) }

func count(_ value: Double?) -> String {
  guard let value else { return "–" }
  return value == value.rounded() ? group(Int(value)) : String(format: "%.1f", value)
}

/// 1234567 as "1 234 567": readable in a table without a locale.
func group(_ value: Int) -> String {
  let digits = String(value)
  var out = ""
  for (index, char) in digits.enumerated() {
    if index > 0, (digits.count - index) % 3 == 0 { out.append(" ") }
    out.append(char)
  }
  return out
}
