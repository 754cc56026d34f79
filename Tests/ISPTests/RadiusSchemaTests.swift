import ISPService
import PostgresNIO
import Storage
import TestSupport
import Testing

/// Issue 19 groundwork: a real FreeRADIUS (Debian's, rlm_sql with PostgreSQL) authenticates
/// against ISP's own database as its migrations leave it, and writes its accounting there.
@Suite(
  "ISP: FreeRADIUS reads ISP's schema",
  .enabled(
    if: TestDatabase.isAvailable && PrivateFreeRADIUS.canStart,
    "needs the test PostgreSQL and FreeRADIUS (scripts/test.sh provides both)"))
struct RadiusSchemaTests {
  @Test(
    "an active login is accepted with its address and MikroTik rate; a wrong password, a suspended or blocked login is rejected at the next request; accounting lands in radacct"
  )
  func radtestAgainstISPSchema() async throws {
    try await TestDatabase.with { database in
      var settings = TestDatabase.serverSettings(database)
      settings["abonent.log.level"] = "error"
      // The service's start applies its migrations: the views FreeRADIUS reads.
      try await TestServer.with(ISPService.definition, settings: settings) { _ in }
      let radius = try await PrivateFreeRADIUS.start(databasePort: database.port, database: database.database)
      do {
        try await self.scenario(radius, database: database)
      } catch {
        await radius.remove()
        throw error
      }
      await radius.remove()
    }
  }

  func scenario(_ radius: PrivateFreeRADIUS, database: DatabaseSettings) async throws {
    let sql: @Sendable (PostgresQuery) async throws -> Void = { query in
      try await TestDatabase.running(database) { db in
        try await db.withConnection { _ = try await $0.query(query, logger: db.logger) }
      }
    }
    try await sql(
      """
      INSERT INTO radius_logins (login, password, framed_ip, download_kbps, upload_kbps)
      VALUES ('joao', 'segredo-1', '100.64.0.10', 20480, 10240)
      """)
    let server = "127.0.0.1:\(radius.authPort)"
    let accepted = try await radius.tool("radtest joao segredo-1 \(server) 0 \(radius.secret)")
    #expect(accepted.contains("Received Access-Accept"), "\(accepted)")
    #expect(accepted.contains("Framed-IP-Address = 100.64.0.10"), "\(accepted)")
    #expect(accepted.contains("Mikrotik-Rate-Limit = \"10240k/20480k\""), "\(accepted)")
    let wrong = try await radius.tool("radtest joao errado \(server) 0 \(radius.secret)")
    #expect(wrong.contains("Received Access-Reject"), "\(wrong)")

    for state in ["suspended", "blocked"] {
      try await sql("UPDATE radius_logins SET state = \(state) WHERE login = 'joao'")
      let refused = try await radius.tool("radtest joao segredo-1 \(server) 0 \(radius.secret)")
      #expect(refused.contains("Received Access-Reject"), "\(state): \(refused)")
    }
    try await sql("UPDATE radius_logins SET state = 'active' WHERE login = 'joao'")
    let again = try await radius.tool("radtest joao segredo-1 \(server) 0 \(radius.secret)")
    #expect(again.contains("Received Access-Accept"), "\(again)")

    let packet =
      "Acct-Status-Type = Start, User-Name = joao, Acct-Session-Id = s-1, NAS-IP-Address = 127.0.0.1, "
      + "Calling-Station-Id = AA-BB-CC-DD-EE-FF, Framed-IP-Address = 100.64.0.10"
    let answer = try await radius.tool(
      "echo '\(packet)' | radclient -x 127.0.0.1:\(radius.accountingPort) acct \(radius.secret)")
    #expect(answer.contains("Accounting-Response"), "\(answer)")
    let rows = try await TestDatabase.running(database) { db in
      try await db.withConnection { connection in
        try await connection.query(
          "SELECT username, callingstationid, host(framedipaddress) FROM radacct WHERE acctsessionid = 's-1'",
          logger: db.logger
        ).decode((String, String, String).self).collect()
      }
    }
    #expect(rows.count == 1 && rows.first?.0 == "joao" && rows.first?.1 == "AA-BB-CC-DD-EE-FF")
    #expect(rows.first?.2 == "100.64.0.10")
  }
}
