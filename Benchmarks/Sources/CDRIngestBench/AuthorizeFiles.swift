import Foundation
import RPC
import TelecomAPI
import WireCodec

/// For scripts/bench-authorize.sh: checks that an AuthorizeCall for a priced destination is
/// allowed, then writes h2load's inputs to `folder` — the gRPC-framed request (`authorize.bin`)
/// and a bearer token allowed to ask (`token`).
func writeAuthorizeFiles(_ client: WireClient, prefixes: [String], keyFile: String, folder: String) async throws {
  let request = AuthorizeCallRequest(
    accountNumber: accountNumber(7), dialedNumber: prefixes[prefixes.count / 2] + "12", service: .outgoingCall,
    placeOfService: "MSK")
  let reply = try await client.call(TelecomContract.authorizeCall, request)
  guard reply.allowed else { throw BenchFailure("AuthorizeCall refused the bench's call: \(reply.reason)") }
  let message = request.wireEncoded()
  var framed: [UInt8] = [0]
  withUnsafeBytes(of: UInt32(message.count).bigEndian) { framed.append(contentsOf: $0) }
  framed += message
  try Data(framed).write(to: URL(fileURLWithPath: folder).appendingPathComponent("authorize.bin"))
  let token = try await staffToken(keyFile: keyFile)
  try Data(token.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent("token"))
}
