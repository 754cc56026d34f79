import RPC
import Runtime
import TestSupport
import Testing
import WireCodec

@Suite("Describe")
struct DescribeTests {
  @Test("lists every method with its access rule and the schema of every message it uses")
  func describesTheServer() async throws {
    try await TestServer.with(.probe()) { port in
      let reply = try await withWireClient(ClientSettings(host: "127.0.0.1", port: port)) { client in
        try await client.call(PlatformContract.describe, DescribeRequest())
      }
      #expect(reply.services.map(\.name) == ["abonent.platform.Platform", "abonent.test.Probe"])
      let probe = try #require(reply.services.last)
      #expect(probe.methods.map(\.name) == ["Whoami", "ReadSecret", "Sleep", "Echo", "FailDomain", "FailUnexpected"])
      #expect(probe.methods.first { $0.name == "ReadSecret" }?.permission == ProbeContract.secretsRead.name)
      #expect(probe.methods.first { $0.name == "Whoami" }?.permission == "authenticated")
      #expect(probe.methods.first { $0.name == "Echo" }?.permission == "")
      let names = Set(reply.messages.map(\.name))
      for method in reply.services.flatMap(\.methods) {
        #expect(names.contains(method.request) && names.contains(method.reply), "\(method.name)")
      }
      let whoami = try #require(reply.messages.first { $0.name == "WhoamiReply" })
      #expect(whoami.fields.map(\.name) == ["userID", "organizationID", "permissions"])
      #expect(whoami.fields[1].type == FieldType(cardinality: .optional, type: "string"))
      #expect(whoami.fields[2].type == FieldType(cardinality: .repeated, type: "string"))
    }
  }
}
