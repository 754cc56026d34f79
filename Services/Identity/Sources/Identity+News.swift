import IdentityAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Identity {
  static let newsPages = PageRules(defaultSize: 20, maximumSize: 200)
  static let auditPages = PageRules(defaultSize: 100, maximumSize: 1000)

  func publishNews(_ request: PublishNewsRequest, caller: Caller) async throws -> PublishNewsReply {
    var checks = FieldChecks()
    checks.text(request.title, field: "title", name: "The title")
    checks.text(request.body, field: "body", name: "The text", maximum: 20_000)
    let organizationID = request.organizationID.isEmpty ? nil : UUID(uuidString: request.organizationID)
    if !request.organizationID.isEmpty && organizationID == nil {
      checks.add("organizationID", "ORGANIZATION_UNKNOWN", "There is no such organization.")
    }
    try checks.check()
    let id = try await self.database.transaction { connection in
      try await connection.query(
        """
        INSERT INTO news (title, body, organization_id, published_at, published_by)
        VALUES (\(request.title.trimmingWhitespace), \(request.body), \(organizationID), \(self.now), \(caller.userID)) RETURNING id
        """, logger: self.logger
      ).one(Int64.self) ?? 0
    }
    return PublishNewsReply(newsID: String(id))
  }

  func listNews(_ request: ListNewsRequest, caller: Caller) async throws -> ListNewsReply {
    let userID = try parseUserID(caller.userID)
    let organizationID = caller.organizationID.flatMap(UUID.init(uuidString:))
    let page = try Self.newsPages.page(of: request.page, by: Int64.self)
    let before = page.after ?? Int64.max
    return try await self.database.withConnection { connection in
      let rows = try await connection.query(
        """
        SELECT n.id, n.title, n.body, n.published_at, r.user_id IS NOT NULL FROM news n
        LEFT JOIN news_reads r ON r.news_id = n.id AND r.user_id = \(userID)
        WHERE (n.organization_id IS NULL OR n.organization_id = \(organizationID)) AND n.id < \(before)
        ORDER BY n.id DESC LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((Int64, String, String, UTCTimestamp, Bool).self).collect()
      let unread =
        try await connection.query(
          """
          SELECT count(*) FROM news n WHERE (n.organization_id IS NULL OR n.organization_id = \(organizationID))
            AND NOT EXISTS (SELECT 1 FROM news_reads r WHERE r.news_id = n.id AND r.user_id = \(userID))
          """, logger: self.logger
        ).one(Int64.self) ?? 0
      let (shown, next) = page.cut(rows) { $0.0 }
      let items = shown.map {
        NewsItem(id: String($0.0), title: $0.1, body: $0.2, publishedAt: $0.3, read: $0.4)
      }
      return ListNewsReply(
        items: Array(items), unread: UInt32(unread), nextPageToken: next)
    }
  }

  func markNewsRead(_ request: MarkNewsReadRequest, caller: Caller) async throws -> Acknowledgement {
    let userID = try parseUserID(caller.userID)
    guard let newsID = Int64(request.newsID) else { throw IdentityError.notFound }
    let organizationID = caller.organizationID.flatMap(UUID.init(uuidString:))
    try await self.database.transaction { connection in
      let visible =
        try await connection.query(
          """
          SELECT EXISTS (SELECT 1 FROM news WHERE id = \(newsID) AND (organization_id IS NULL OR organization_id = \(organizationID)))
          """, logger: self.logger
        ).one(Bool.self) ?? false
      guard visible else { throw IdentityError.notFound }
      try await connection.query(
        """
        INSERT INTO news_reads (news_id, user_id, read_at) VALUES (\(newsID), \(userID), \(self.now)) ON CONFLICT DO NOTHING
        """, logger: self.logger)
    }
    return Acknowledgement(note: "Marked read.")
  }

  func listAuditEvents(_ request: ListAuditEventsRequest) async throws -> ListAuditEventsReply {
    let page = try Self.auditPages.page(of: request.page, by: Int64.self)
    let before = page.after ?? Int64.max
    let userID = request.userID.isEmpty ? nil : try parseUserID(request.userID)
    let from = request.from == .epoch ? nil : request.from
    let until = request.until == .epoch ? nil : request.until
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT id, at, kind, user_id, actor_id, detail FROM audit_events
        WHERE id < \(before) AND (\(userID)::uuid IS NULL OR user_id = \(userID))
          AND (cardinality(\(request.kinds)::text[]) = 0 OR kind = ANY(\(request.kinds)))
          AND (\(from)::timestamptz IS NULL OR at >= \(from)) AND (\(until)::timestamptz IS NULL OR at < \(until))
        ORDER BY id DESC LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((Int64, UTCTimestamp, String, UUID?, String, String).self).collect()
    }
    let (shown, next) = page.cut(rows) { $0.0 }
    let events = shown.map {
      AuditEvent(
        id: String($0.0), at: $0.1, kind: $0.2, userID: $0.3?.uuidString.lowercased() ?? "", actorID: $0.4, detail: $0.5
      )
    }
    return ListAuditEventsReply(events: Array(events), nextPageToken: next)
  }

  func signingKeys() async throws -> SigningKeysReply {
    let published = try await self.keys.published()
    return SigningKeysReply(jwks: published.jwks, activeKeyID: published.activeKeyID)
  }

  func rotateSigningKey(caller: Caller) async throws -> SigningKeysReply {
    let kid = try await self.keys.rotate()
    await self.auditAlone("key_rotated", user: nil, actor: caller.userID, detail: kid)
    return try await self.signingKeys()
  }
}
