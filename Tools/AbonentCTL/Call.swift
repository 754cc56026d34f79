import ArgumentParser
import GRPCCore
import RPC
import WireCodec
import WireJSON

#if canImport(Glibc)
  import Glibc
#endif

struct Call: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Call a method with a JSON request and print the JSON reply.",
    discussion: "The request is encoded with the schemas the service's Describe returns."
  )

  @Argument(help: "identity, billing, telecom, utilities or isp.")
  var service: String

  @Argument(help: "Method name (e.g. Ping), or Service/Method when the name is ambiguous.")
  var method: String

  @Argument(help: "The request as JSON (default {}).")
  var request: String = "{}"

  @OptionGroup var connection: ConnectionOptions

  func run() async throws {
    try await callFailingCleanly {
      let requestJSON: JSONValue
      do {
        requestJSON = try JSONValue(parsing: self.request)
      } catch {
        throw CLIFailure("the request is not valid JSON: \(error)")
      }
      return try await withWireClient(try self.connection.settings(for: self.service)) { client in
        let timeout = Duration.seconds(self.connection.timeout)
        let describe = try await client.call(PlatformContract.describe, DescribeRequest(), timeout: timeout)
        let (service, method) = try describe.resolve(self.method)
        let transcoder = WireJSONTranscoder(messages: describe.messages, enums: describe.enums)
        let body: [UInt8]
        do {
          body = try transcoder.encode(requestJSON, as: method.request)
        } catch {
          throw CLIFailure("the request does not fit \(method.request): \(error)")
        }
        if method.clientStreaming {
          // The request given is the stream's one message: enough to try a method by hand.
          let replyBytes = try await client.uploadRaw(
            service: service.name, method: method.name, requests: [body], timeout: timeout)
          print(try transcoder.decode(replyBytes, as: method.reply).serialized(pretty: true))
        } else if method.serverStreaming {
          // One compact JSON document per line, so a feed can be piped into other tools.
          do {
            try await client.subscribeRaw(
              service: service.name, method: method.name, request: body, timeout: self.connection.streamTimeout
            ) { replyBytes in
              print(try transcoder.decode(replyBytes, as: method.reply).serialized(pretty: false))
              fflush(nil)  // all streams: a feed piped to another tool must not sit in a buffer
            }
          } catch let error as RPCError where error.code == .deadlineExceeded && self.connection.followSeconds != nil {
            // --follow-seconds ran out: the stop the user asked for, not a failure.
          }
        } else {
          let replyBytes = try await client.callRaw(
            service: service.name, method: method.name, request: body, timeout: timeout)
          print(try transcoder.decode(replyBytes, as: method.reply).serialized(pretty: true))
        }
      }
    }
  }
}

extension DescribeReply {
  /// Finds `name` (`Method` or `Service/Method`) among the described methods.
  func resolve(_ name: String) throws -> (ServiceSchema, MethodSchema) {
    let parts = name.split(separator: "/").map(String.init)
    let matches = self.services.flatMap { service in
      service.methods.filter { method in
        parts.count == 2
          ? (service.name == parts[0] || service.name.hasSuffix("." + parts[0])) && method.name == parts[1]
          : method.name == name
      }.map { (service, $0) }
    }
    guard let match = matches.first else {
      let known = self.services.flatMap { service in service.methods.map { "\(service.name)/\($0.name)" } }
      throw CLIFailure("no method '\(name)'; the service offers: \(known.joined(separator: ", "))")
    }
    guard matches.count == 1 else { throw CLIFailure("'\(name)' is ambiguous; write Service/Method") }
    return match
  }
}
