import CLibFuzzer
import WireCodec
import WireJSON
import WireTestMessages

/// Every message type the fuzzer decodes its input as: the vector messages cover every
/// wire type, cardinality, nesting and recursion.
let fuzzedTypes: [(name: String, type: any WireMessage.Type)] =
  vectorMessageTypes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  + [("MessageSchema", MessageSchema.self)]

let transcoder: WireJSONTranscoder = {
  var registry = SchemaRegistry()
  for (_, type) in fuzzedTypes { type.collectWireSchemas(into: &registry) }
  return WireJSONTranscoder(registry)
}()

/// Tight limits, so the fuzzer reaches them often.
let limits = WireLimits(maxMessageBytes: 1 << 16, maxDepth: 16, maxElements: 4096)

/// libFuzzer's entry point. A crash, a sanitizer report, or a value whose re-encoding does
/// not decode back to the same bytes is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let input = UnsafeRawBufferPointer(start: start, count: count)
  for (name, type) in fuzzedTypes {
    if let value = try? type.init(wireEncoded: input, limits: limits) {
      let encoded = value.wireEncoded()
      guard let again = try? type.init(wireEncoded: encoded, limits: .default), again.wireEncoded() == encoded else {
        fatalError("re-encoding \(name) is not stable")
      }
    }
    _ = try? transcoder.decode(Array(input), as: name, limits: limits)
  }
  return 0
}

/// The executable's entry point. SwiftPM links executables on Linux with `main` aliased to
/// `<module>_main` (so that tests can link them), which leaves libFuzzer's own `main` out; this
/// stands in for it and hands over to libFuzzer's driver.
@_cdecl("WireDecoderFuzzer_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  var argc = argc
  var argv = argv
  return LLVMFuzzerRunDriver(&argc, &argv) { start, count in fuzz(start, count) }
}
