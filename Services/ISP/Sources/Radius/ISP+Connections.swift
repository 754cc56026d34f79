import ISPAPI
import ISPRules
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A login's connections: FreeRADIUS writes `radacct` from the NAS's accounting; the extract
/// reads it. «Fechar Conexão Atual» asks the NAS to end the open one (RFC 5176).
extension ISP {
  func connectionExtract(_ request: ConnectionExtractRequest, caller: Caller) async throws -> ConnectionExtract {
    try caller.require(ISPPermission.loginPasswordsRead)
    let page = try Self.pages.page(of: request.page, by: PageKeyPair<UTCTimestamp, Int64>.self)
    let until = request.until ?? self.now
    let from = request.from ?? UTCTimestamp(microsecondsSinceEpoch: 0)
    var checks = FieldChecks()
    for (field, time) in [("from", from), ("until", until)] where !Self.timestamps.contains(time.microsecondsSinceEpoch)
    {
      checks.add(field, "OUT_OF_RANGE", "A time is between 1970 and 9999.")
    }
    if until < from { checks.add("until", "PERIOD_INVALID", "The period ends before it starts.") }
    try checks.check()
    return try await self.database.withConnection { connection in
      let login = try await self.visibleLogin(request.login, caller: caller, on: connection)
      let rows = try await connection.query(
        """
        SELECT radacctid, coalesce(acctstarttime, 'epoch'), acctstoptime, coalesce(acctsessiontime, 0),
          acctsessionid, coalesce(callingstationid, ''), coalesce(host(framedipaddress), ''), host(nasipaddress),
          coalesce(acctinputoctets, 0), coalesce(acctoutputoctets, 0), coalesce(acctterminatecause, '')
        FROM radacct
        WHERE username = \(login.login) AND coalesce(acctstarttime, 'epoch') < \(until)
          AND (acctstoptime IS NULL OR acctstoptime >= \(from))
          AND (\(page.after?.first)::timestamptz IS NULL
            OR (coalesce(acctstarttime, 'epoch'), radacctid) < (\(page.after?.first), \(page.after?.second)))
        ORDER BY coalesce(acctstarttime, 'epoch') DESC, radacctid DESC LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(
        (Int64, UTCTimestamp, UTCTimestamp?, Int64, String, String, String, String, Int64, Int64, String).self
      ).collect()
      let totals =
        try await connection.query(
          """
          SELECT coalesce(sum(acctsessiontime), 0)::bigint, coalesce(sum(acctinputoctets), 0)::bigint,
            coalesce(sum(acctoutputoctets), 0)::bigint
          FROM radacct
          WHERE username = \(login.login) AND coalesce(acctstarttime, 'epoch') < \(until)
            AND (acctstoptime IS NULL OR acctstoptime >= \(from))
          """, logger: self.logger
        ).decode((Int64, Int64, Int64).self).collect().first ?? (Int64(0), Int64(0), Int64(0))
      let (shown, next) = page.cut(rows) { PageKeyPair($0.1, $0.0) }
      return ConnectionExtract(
        sessions: shown.map {
          ConnectionSession(
            sessionID: $0.4, startedAt: $0.1, stoppedAt: $0.2, seconds: $0.3, mac: $0.5, framedIP: $0.6, nasIP: $0.7,
            inputOctets: $0.8, outputOctets: $0.9, terminateCause: $0.10)
        }, nextPageToken: next, totalSeconds: totals.0, totalInputOctets: totals.1, totalOutputOctets: totals.2)
    }
  }

  /// «Fechar Conexão Atual»: a Disconnect-Request for the login's newest open session to the
  /// NAS of the access point that gave the session's address (else the plan's first), sent
  /// with no transaction open; the NAS's answer goes to the plan's history.
  func closeConnection(_ request: LoginActionRequest, caller: Caller) async throws -> CloseConnectionReply {
    try caller.require(ISPPermission.loginsManage)
    try Self.checkReason(request.reason)
    let (login, session, nas) = try await self.database.withConnection { connection in
      let login = try await self.visibleLogin(request.login, caller: caller, on: connection)
      guard
        let session = try await connection.query(
          """
          SELECT acctsessionid, host(framedipaddress), host(nasipaddress) FROM radacct
          WHERE username = \(login.login) AND acctstoptime IS NULL ORDER BY acctstarttime DESC NULLS LAST LIMIT 1
          """, logger: self.logger
        ).decode((String, String?, String).self).collect().first
      else { throw ISPError.noSession }
      let plan = UUID(uuidString: login.planID)
      let nas = try await connection.query(
        """
        SELECT ap.nas_address, ap.nas_secret FROM plan_addresses a JOIN access_points ap ON ap.id = a.access_point_id
        WHERE a.plan_id = \(plan) ORDER BY (host(a.address) = \(session.1)) DESC, a.id LIMIT 1
        """, logger: self.logger
      ).decode((String, String).self).collect().first
      guard let nas, !nas.0.isEmpty else { throw ISPError.noNAS }
      return (login, session, nas)
    }
    guard let (host, port) = NASAddress.parse(nas.0) else { throw ISPError.noNAS }
    var attributes: [(DisconnectPacket.Attribute, [UInt8])] = [
      (.userName, Array(login.login.utf8)), (.acctSessionID, Array(session.0.utf8)),
    ]
    if let address = IPv4Network.address(session.2) { attributes.append((.nasIPAddress, Self.octets(address))) }
    if let framed = session.1.flatMap(IPv4Network.address) {
      attributes.append((.framedIPAddress, Self.octets(framed)))
    }
    let secret = Array(nas.1.utf8)
    guard
      let packet = DisconnectPacket.request(
        identifier: UInt8.random(in: 0...255), attributes: attributes, secret: secret)
    else { throw ISPError.noSession }
    let outcome = try await NASClient.exchange(
      packet, host: host, port: port, secret: secret, timeout: self.settings.disconnectTimeout,
      attempts: self.settings.disconnectAttempts)
    let reply: CloseConnectionReply
    switch outcome {
    case .silent:
      reply = CloseConnectionReply(acknowledged: false, errorCause: 0, nas: nas.0, sessionID: session.0)
    case .answered(let answer):
      reply = CloseConnectionReply(
        acknowledged: answer.acknowledged, errorCause: Int32(clamping: answer.errorCause ?? 0), nas: nas.0,
        sessionID: session.0)
    }
    if let plan = UUID(uuidString: login.planID) {
      let result =
        if case .silent = outcome { "no answer" } else if reply.acknowledged { "Disconnect-ACK" } else {
          "Disconnect-NAK \(reply.errorCause)"
        }
      try await self.database.transaction { connection in
        try await self.record(
          plan, "connection_closed", before: "\(login.login) session \(session.0) at \(nas.0)", after: result,
          reason: request.reason, actor: caller.actor, on: connection)
      }
    }
    if case .silent = outcome { throw ISPError.nasSilent }
    return reply
  }

  /// Times a caller may name: 1970-01-01 to 9999-12-31 (PostgreSQL refuses some beyond).
  static let timestamps: ClosedRange<Int64> = 0...253_402_300_799_999_999

  static func octets(_ address: UInt32) -> [UInt8] {
    [24, 16, 8, 0].map { UInt8((address >> UInt32($0)) & 0xFF) }
  }
}
