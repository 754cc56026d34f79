import BillingAPI
import Foundation
import GRPCCore
import ISPAPI
import PostgresNIO
import RPC
import TestSupport
import Testing
import WireCodec

/// Issue 19, must-show 1 and 2: plans, logins and addresses made through ISP's RPCs, and a real
/// FreeRADIUS (Debian's, rlm_sql on ISP's database) answering `radtest` and taking `radclient`
/// accounting, with Billing's debt blocks arriving over its event feed.
@Suite(
  "ISP: plans through FreeRADIUS",
  .enabled(
    if: TestDatabase.isAvailable && PrivateFreeRADIUS.canStart,
    "needs the test PostgreSQL and FreeRADIUS (scripts/test.sh provides both)"))
struct PlanRadiusTests {
  @Test(
    "an active plan's login is accepted with its address and rate; a wrong password, a suspended plan and Billing's debt block are rejected, the block within seconds; accepted again after unblocking"
  )
  func radtestFollowsThePlan() async throws {
    try await ISPTestbed.with(radius: true) { isp in
      guard let radius = isp.radius else { return }
      try await isp.planType()
      let customer = try await isp.customer("João Silva", contract: "ISP-1", account: "70000001")
      let plan = try await isp.plan(customer, account: "70000001", login: "joao")
      let point = try await isp.accessPoint()
      let address = try await isp.staff(
        ISPContract.assignAddress,
        AssignAddressRequest(planID: plan.id, accessPointID: point.id, mac: "aa-bb-cc-dd-ee-ff"))
      #expect(address.address == "100.64.0.2", "the first free host after the gateway")
      let server = "127.0.0.1:\(radius.authPort)"
      let radtest = { (password: String) in
        try await radius.tool("radtest joao \(password) \(server) 0 \(radius.secret)")
      }
      let accepted = try await radtest("senha-joao")
      #expect(accepted.contains("Received Access-Accept"), "\(accepted)")
      #expect(accepted.contains("Framed-IP-Address = 100.64.0.2"), "\(accepted)")
      #expect(accepted.contains("Mikrotik-Rate-Limit = \"51200k/102400k\""), "\(accepted)")
      #expect(try await radtest("errada-123").contains("Received Access-Reject"))

      let suspended = try await isp.staff(
        ISPContract.suspendPlan, SuspendPlanRequest(planID: plan.id, reason: "pedido do cliente", language: "pt"))
      #expect(suspended.message == "Plano suspenso com sucesso")
      #expect(try await radtest("senha-joao").contains("Received Access-Reject"))
      _ = try await isp.staff(ISPContract.reactivatePlan, PlanActionRequest(planID: plan.id))
      #expect(try await radtest("senha-joao").contains("Received Access-Accept"))

      _ = try await isp.billing.call(
        BillingContract.blockAccount, SetAccountBlockedRequest(number: "70000001", reason: "Débito"),
        token: isp.billing.staff)
      // FreeRADIUS reads radcheck at every request and caches nothing, so the block holds from
      // the moment the view shows the Reject: that moment is polled in SQL (a radtest probe
      // costs a process start), then FreeRADIUS itself is asked.
      let blockedAt = ContinuousClock.now
      var rejectedAfter: Duration?
      while rejectedAfter == nil, ContinuousClock.now - blockedAt < .seconds(20) {
        if try await isp.rejectsInRadcheck("joao") {
          rejectedAfter = ContinuousClock.now - blockedAt
        } else {
          try await Task.sleep(for: .milliseconds(10))
        }
      }
      print(
        "ISP: radcheck rejects 'joao' \(rejectedAfter.map { "\($0)" } ?? "never") after Billing blocked the account")
      // The issue's 1 s is measured alone by scripts/bench-radius-block.sh (docs/BENCHMARKS.md);
      // inside the parallel suite the machine is shared, and this bound is only generous.
      let limit = ProcessInfo.processInfo.environment["ABONENT_ISP_BLOCK_LIMIT_MS"].flatMap(Int.init) ?? 5_000
      #expect(rejectedAfter != nil && rejectedAfter! <= .milliseconds(limit), "\(String(describing: rejectedAfter))")
      #expect(try await radtest("senha-joao").contains("Received Access-Reject"))
      #expect(try await isp.staff(ISPContract.getPlan, GetPlanRequest(planID: plan.id)).debtBlocked)

      _ = try await isp.billing.call(
        BillingContract.unblockAccount, SetAccountBlockedRequest(number: "70000001", reason: "Pago"),
        token: isp.billing.staff)
      var acceptedAgain = false
      for _ in 0..<100 where !acceptedAgain {
        acceptedAgain = try await radtest("senha-joao").contains("Received Access-Accept")
      }
      #expect(acceptedAgain)
      let actions = try await isp.history(plan.id).map(\.action)
      #expect(actions.contains("debt_blocked") && actions.contains("debt_unblocked"), "\(actions)")
    }
  }

  @Test(
    "with debtAction walled-garden a blocked account's login is accepted in the walled-garden group, with its replies")
  func walledGarden() async throws {
    try await ISPTestbed.with(radius: true, settings: ["abonent.isp.debtAction": "walled-garden"]) { isp in
      guard let radius = isp.radius else { return }
      try await isp.execute(
        """
        INSERT INTO radgroupreply (groupname, attribute, op, value)
        VALUES ('walled-garden', 'Mikrotik-Address-List', ':=', 'bloqueados')
        """)
      try await isp.planType()
      let customer = try await isp.customer("Sérgio Pinto", contract: "ISP-5", account: "70000005")
      _ = try await isp.plan(customer, account: "70000005", login: "sergio")
      let radtest = {
        try await radius.tool("radtest sergio senha-sergio 127.0.0.1:\(radius.authPort) 0 \(radius.secret)")
      }
      let before = try await radtest()
      #expect(before.contains("Received Access-Accept") && !before.contains("bloqueados"), "\(before)")
      _ = try await isp.billing.call(
        BillingContract.blockAccount, SetAccountBlockedRequest(number: "70000005", reason: "Débito"),
        token: isp.billing.staff)
      var walled = ""
      for _ in 0..<100 where !walled.contains("bloqueados") {
        walled = try await radtest()
      }
      #expect(walled.contains("Received Access-Accept"), "\(walled)")
      #expect(walled.contains("Mikrotik-Address-List = \"bloqueados\""), "\(walled)")
      #expect(try await isp.rejectsInRadcheck("sergio") == false)
    }
  }

  @Test("accounting sent with radclient appears in the login's connection extract: time, MAC, traffic")
  func accountingInTheExtract() async throws {
    try await ISPTestbed.with(radius: true) { isp in
      guard let radius = isp.radius else { return }
      try await isp.planType()
      let customer = try await isp.customer("Maria Souza", contract: "ISP-2", account: "70000002")
      _ = try await isp.plan(customer, account: "70000002", login: "maria")
      let start =
        "Acct-Status-Type = Start, User-Name = maria, Acct-Session-Id = sess-1, NAS-IP-Address = 127.0.0.1, "
        + "Calling-Station-Id = 11-22-33-44-55-66, Framed-IP-Address = 100.64.0.9"
      let stop =
        "Acct-Status-Type = Stop, User-Name = maria, Acct-Session-Id = sess-1, NAS-IP-Address = 127.0.0.1, "
        + "Calling-Station-Id = 11-22-33-44-55-66, Framed-IP-Address = 100.64.0.9, Acct-Session-Time = 3600, "
        + "Acct-Input-Octets = 1000000, Acct-Output-Octets = 25000000, Acct-Terminate-Cause = User-Request"
      for packet in [start, stop] {
        let answer = try await radius.tool(
          "echo '\(packet)' | radclient -x 127.0.0.1:\(radius.accountingPort) acct \(radius.secret)")
        #expect(answer.contains("Accounting-Response"), "\(answer)")
      }
      let extract = try await isp.staff(ISPContract.connectionExtract, ConnectionExtractRequest(login: "maria"))
      #expect(extract.sessions.count == 1)
      let session = try #require(extract.sessions.first)
      #expect(session.sessionID == "sess-1" && session.mac == "11-22-33-44-55-66")
      #expect(session.seconds == 3600 && session.inputOctets == 1_000_000 && session.outputOctets == 25_000_000)
      #expect(session.framedIP == "100.64.0.9" && session.stoppedAt != nil && session.terminateCause == "User-Request")
      #expect(extract.totalSeconds == 3600 && extract.totalOutputOctets == 25_000_000)
      // A period before the session holds nothing.
      let before = try await isp.staff(
        ISPContract.connectionExtract,
        ConnectionExtractRequest(
          login: "maria", from: UTCTimestamp(microsecondsSinceEpoch: 0),
          until: UTCTimestamp(microsecondsSinceEpoch: 1_000_000)))
      #expect(before.sessions.isEmpty && before.totalSeconds == 0)
      // Without «Ver Senha Login Radius» the extract is refused.
      await #expect(throws: RPCError.self) {
        _ = try await isp.call(
          ISPContract.connectionExtract, ConnectionExtractRequest(login: "maria"),
          token: try await ISPTestbed.staffToken([ISPPermission.plansRead]))
      }
    }
  }
}
