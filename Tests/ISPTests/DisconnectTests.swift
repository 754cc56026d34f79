import Foundation
import GRPCCore
import ISPAPI
import ISPRules
import RPC
import TestSupport
import Testing

/// Issue 19, must-show 3: «Fechar Conexão Atual» sends an RFC 5176 Disconnect-Request for the
/// login's open session (from FreeRADIUS's accounting) to the access point's NAS, which checks
/// its authenticator; the NAS's NAK and its Error-Cause come back to the caller.
@Suite(
  "ISP: Disconnect-Request to the NAS",
  .enabled(
    if: TestDatabase.isAvailable && PrivateFreeRADIUS.canStart,
    "needs the test PostgreSQL and FreeRADIUS (scripts/test.sh provides both)"))
struct DisconnectTests {
  @Test("the NAS gets a request with a valid authenticator naming the session; its NAK 503 and an ACK are reported")
  func closeConnection() async throws {
    try await ISPTestbed.with(radius: true) { isp in
      guard let radius = isp.radius else { return }
      try await isp.planType()
      let customer = try await isp.customer("Ana Lima", contract: "ISP-3", account: "70000003")
      let plan = try await isp.plan(customer, account: "70000003", login: "ana")
      for cause in [UInt32(503), nil] {
        try await TestNAS.with(secret: "nas-secret", errorCause: cause) { nas in
          let point = try await isp.accessPoint(
            cause == nil ? "100.65.0.0/24" : "100.64.0.0/24", gateway: cause == nil ? "100.65.0.1" : "100.64.0.1",
            nas: "127.0.0.1:\(nas.port)")
          let address = try await isp.staff(
            ISPContract.assignAddress, AssignAddressRequest(planID: plan.id, accessPointID: point.id))
          let session = cause == nil ? "s-ack" : "s-nak"
          let start =
            "Acct-Status-Type = Start, User-Name = ana, Acct-Session-Id = \(session), NAS-IP-Address = 127.0.0.1, "
            + "Calling-Station-Id = 11-22-33-44-55-66, Framed-IP-Address = \(address.address)"
          let answer = try await radius.tool(
            "echo '\(start)' | radclient -x 127.0.0.1:\(radius.accountingPort) acct \(radius.secret)")
          #expect(answer.contains("Accounting-Response"), "\(answer)")
          let reply = try await isp.staff(
            ISPContract.closeConnection, LoginActionRequest(login: "ana", reason: "suporte"))
          #expect(reply.acknowledged == (cause == nil))
          #expect(reply.errorCause == Int32(cause ?? 0))
          #expect(reply.sessionID == session && reply.nas == "127.0.0.1:\(nas.port)")
          let request = try #require(nas.requests.last)
          #expect(request[DisconnectPacket.Attribute.userName.rawValue] == Array("ana".utf8))
          #expect(request[DisconnectPacket.Attribute.acctSessionID.rawValue] == Array(session.utf8))
          #expect(nas.refusedDatagrams == 0, "every request carried a valid authenticator")
          let stop = start.replacingOccurrences(of: "Start", with: "Stop")
          _ = try await radius.tool(
            "echo '\(stop)' | radclient -x 127.0.0.1:\(radius.accountingPort) acct \(radius.secret)")
        }
      }
      let closed = try await isp.history(plan.id).filter { $0.action == "connection_closed" }.map(\.after)
      #expect(closed == ["Disconnect-ACK", "Disconnect-NAK 503"], "newest first: \(closed)")
      // A NAS that never answers: the caller hears so, after the configured attempts.
      try await TestNAS.with(secret: "nas-secret", errorCause: nil, silent: true) { nas in
        let point = try await isp.accessPoint("100.66.0.0/24", gateway: "100.66.0.1", nas: "127.0.0.1:\(nas.port)")
        let address = try await isp.staff(
          ISPContract.assignAddress, AssignAddressRequest(planID: plan.id, accessPointID: point.id))
        let start =
          "Acct-Status-Type = Start, User-Name = ana, Acct-Session-Id = s-silent, NAS-IP-Address = 127.0.0.1, "
          + "Framed-IP-Address = \(address.address)"
        _ = try await radius.tool(
          "echo '\(start)' | radclient -x 127.0.0.1:\(radius.accountingPort) acct \(radius.secret)")
        let error = await #expect(throws: RPCError.self) {
          _ = try await isp.staff(ISPContract.closeConnection, LoginActionRequest(login: "ana"))
        }
        #expect(error?.reason == "NAS_NO_ANSWER" && nas.requests.count == 3, "three attempts, no answer")
      }
    }
  }
}
