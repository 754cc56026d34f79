import ArgumentParser
import RPC
import WireCodec
import WireJSON

struct Describe: AsyncParsableCommand {
  static let configuration = CommandConfiguration(abstract: "List a service's methods and message schemas.")

  @Argument(help: "identity, billing, telecom, utilities or isp.")
  var service: String

  @Flag(help: "Print the Describe reply as JSON instead of a summary.")
  var json = false

  @OptionGroup var connection: ConnectionOptions

  func run() async throws {
    let reply = try await callFailingCleanly {
      try await withWireClient(try self.connection.settings(for: self.service)) { client in
        try await client.call(PlatformContract.describe, DescribeRequest(), timeout: .seconds(self.connection.timeout))
      }
    }
    if self.json {
      let transcoder = WireJSONTranscoder(
        messages: reply.messages + DescribeReply.bootstrapSchemas.messages,
        enums: reply.enums + DescribeReply.bootstrapSchemas.enums)
      print(try transcoder.decode(reply.wireEncoded(), as: DescribeReply.wireMessageName).serialized(pretty: true))
    } else {
      print(reply.summary)
    }
  }
}

extension DescribeReply {
  /// The schemas needed to read a Describe reply itself.
  static var bootstrapSchemas: SchemaRegistry {
    var registry = SchemaRegistry()
    DescribeReply.collectWireSchemas(into: &registry)
    return registry
  }

  /// A person-readable listing: services, methods with their access rule, then messages.
  var summary: String {
    var lines: [String] = []
    for service in self.services {
      lines.append("service \(service.name) — \(service.doc)")
      for method in service.methods {
        let access = method.permission.isEmpty ? "public" : method.permission
        let reply = method.serverStreaming ? "stream \(method.reply)" : method.reply
        let request = method.clientStreaming ? "stream \(method.request)" : method.request
        lines.append("  rpc \(method.name)(\(request)) returns (\(reply))  [\(access)]")
        if !method.doc.isEmpty { lines.append("      \(method.doc)") }
      }
    }
    for message in self.messages {
      lines.append("")
      lines.append("message \(message.name)" + (message.doc.isEmpty ? "" : " — \(message.doc)"))
      for field in message.fields {
        let type =
          switch field.type.cardinality {
          case .single: field.type.type
          case .optional: "optional \(field.type.type)"
          case .repeated: "repeated \(field.type.type)"
          case .map: "map<\(field.type.keyType), \(field.type.type)>"
          }
        lines.append("  \(field.number): \(field.name) \(type)" + (field.doc.isEmpty ? "" : "  // \(field.doc)"))
      }
    }
    for enumeration in self.enums {
      lines.append("")
      lines.append(
        "enum \(enumeration.name) { " + enumeration.values.map { "\($0.name) = \($0.number)" }.joined(separator: ", ")
          + " }")
    }
    return lines.joined(separator: "\n")
  }
}
