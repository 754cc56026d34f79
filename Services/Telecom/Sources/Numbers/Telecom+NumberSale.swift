import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TelecomRules
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Making a number sellable against its non-target calls (docs/telecom.md, "Sale
/// availability"): forcing it directly (its own permission), or the seed's release procedure —
/// a request, the customer's consent when many people call the number, an assistant's
/// approval. Both only for the operator's own providers, both kept in the number's history.
extension Telecom {
  func forceNumberSale(_ request: ForceNumberSaleRequest, caller: Caller) async throws -> DidNumber {
    try caller.require(TelecomPermission.numbersForce)
    let number = try Self.poolNumber(request.number).digits
    var checks = FieldChecks()
    checks.text(request.reason, field: "reason", name: "The reason", maximum: Self.maximumReason)
    try checks.check()
    return try await self.database.transaction { connection in
      let row = try await self.requireNumber(number, forUpdate: true, on: connection)
      try await self.setForced(
        row, request.forced, reason: request.reason, actor: caller.actor, on: connection)
      return try await self.requireNumber(number, on: connection).message
    }
  }

  /// Forces `row` for sale (or takes it back), refused for taken numbers and other providers'.
  func setForced(_ row: NumberRow, _ forced: Bool, reason: String, actor: String, on connection: PostgresConnection)
    async throws
  {
    guard !row.status.isTaken else { throw TelecomError.numberTaken(row) }
    if forced {
      guard self.settings.ownProviders.contains(row.provider) else { throw TelecomError.providerNotOwn(row.provider) }
      try await connection.query(
        """
        UPDATE did_numbers SET forced_at = \(self.now), forced_by = \(actor), forced_reason = \(reason)
        WHERE number = \(row.number)
        """, logger: self.logger)
    } else {
      try await connection.query(
        "UPDATE did_numbers SET forced_at = NULL, forced_by = '', forced_reason = '' WHERE number = \(row.number)",
        logger: self.logger)
    }
    try await self.recordNumberChange(
      row.number, forced ? .forced : .unforced, from: row.status, to: row.status, actor: actor, note: reason,
      on: connection)
  }

  func requestNumberRelease(_ request: RequestNumberReleaseRequest, caller: Caller) async throws
    -> NumberReleaseRequest
  {
    try caller.require(TelecomPermission.numbersManage)
    let number = try Self.poolNumber(request.number).digits
    var checks = FieldChecks()
    checks.text(request.reason, field: "reason", name: "The reason", maximum: Self.maximumReason)
    try checks.check()
    let id = UUID()
    let today = self.localToday
    try await self.database.transaction { connection in
      let row = try await self.requireNumber(number, forUpdate: true, on: connection)
      guard !row.status.isTaken else { throw TelecomError.numberTaken(row) }
      guard row.availability == .no else { throw TelecomError.numberAlreadyForSale }
      let (callers, _) = try await self.uniqueCallers(of: row, today: today, on: connection)
      let state = ReleaseRequestState.start(
        uniqueCallers: Int(callers), consentThreshold: self.settings.releaseConsentThreshold)
      try await connection.query(
        """
        INSERT INTO did_release_requests (id, number, state, unique_callers, requested_by, reason, created_at)
        VALUES (\(id), \(number), \(state.rawValue), \(Int32(clamping: callers)), \(caller.actor),
                \(request.reason), \(self.now))
        """, logger: self.logger)
    }
    return try await self.releaseRequest(id)
  }

  func recordReleaseConsent(_ request: RecordReleaseConsentRequest, caller: Caller) async throws
    -> NumberReleaseRequest
  {
    try caller.require(TelecomPermission.numbersManage)
    let id = try Self.releaseID(request.id)
    var checks = FieldChecks()
    checks.text(request.document, field: "document", name: "The consent document's reference", maximum: 200)
    try checks.check()
    try await self.database.transaction { connection in
      let state = try await self.lockedReleaseState(id, on: connection)
      let next = try Self.step(state, .recordConsent)
      try await connection.query(
        """
        UPDATE did_release_requests SET state = \(next.rawValue), consent_document = \(request.document),
          consent_by = \(caller.actor)
        WHERE id = \(id)
        """, logger: self.logger)
    }
    return try await self.releaseRequest(id)
  }

  func decideNumberRelease(_ request: DecideNumberReleaseRequest, caller: Caller) async throws
    -> NumberReleaseRequest
  {
    try caller.require(TelecomPermission.numbersApproveRelease)
    let id = try Self.releaseID(request.id)
    var checks = FieldChecks()
    checks.text(
      request.note, field: "note", name: "The note", maximum: Self.maximumReason, required: !request.approve)
    try checks.check()
    let actor = caller.actor
    try await self.database.transaction { connection in
      let state = try await self.lockedReleaseState(id, on: connection)
      let next = try Self.step(state, request.approve ? .approve : .reject)
      if next == .approved {
        let number =
          try await connection.query(
            "SELECT number FROM did_release_requests WHERE id = \(id)", logger: self.logger
          ).decode(String.self).collect().first ?? ""
        let row = try await self.requireNumber(number, forUpdate: true, on: connection)
        let note = "release request \(id.uuidString.lowercased())" + (request.note.isEmpty ? "" : ": \(request.note)")
        try await self.setForced(row, true, reason: note, actor: actor, on: connection)
      }
      try await connection.query(
        """
        UPDATE did_release_requests SET state = \(next.rawValue), decided_by = \(actor),
          decision_note = \(request.note), decided_at = \(self.now)
        WHERE id = \(id)
        """, logger: self.logger)
    }
    return try await self.releaseRequest(id)
  }

  func listNumberReleases(_ request: ListNumberReleasesRequest, caller: Caller) async throws
    -> ListNumberReleasesReply
  {
    try caller.require(TelecomPermission.numbersRead)
    let number = request.number.isEmpty ? "" : try Self.poolNumber(request.number).digits
    let states = request.states.compactMap(ReleaseRequestState.init).map(\.rawValue)
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT \(unescaped: Self.releaseColumns) FROM did_release_requests
        WHERE (\(number) = '' OR number = \(number))
          AND (cardinality(\(states)::text[]) = 0 OR state = ANY(\(states)))
          AND (\(page.after)::bigint IS NULL OR seq > \(page.after))
        ORDER BY seq LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(ReleaseRow.self).collect()
    }
    let (shown, next) = page.cut(rows) { $0.12 }
    return ListNumberReleasesReply(requests: shown.map(Self.release), nextPageToken: next)
  }

  // MARK: - Release requests' store

  typealias ReleaseRow = (
    UUID, String, String, Int32, String, String, String, String, String, String, UTCTimestamp, UTCTimestamp?, Int64
  )
  static let releaseColumns = """
    id, number, state, unique_callers, requested_by, reason, consent_document, consent_by, decided_by, decision_note,
    created_at, decided_at, seq
    """

  static func release(_ row: ReleaseRow) -> NumberReleaseRequest {
    NumberReleaseRequest(
      id: row.0.uuidString.lowercased(), number: row.1,
      state: ReleaseRequestState(rawValue: row.2)?.wire ?? .unspecified, uniqueCallers: UInt32(clamping: row.3),
      requestedBy: row.4, reason: row.5, consentDocument: row.6, consentBy: row.7, decidedBy: row.8,
      decisionNote: row.9, createdAt: row.10, decidedAt: row.11)
  }

  func releaseRequest(_ id: UUID) async throws -> NumberReleaseRequest {
    let row = try await self.database.withConnection { connection in
      try await connection.query(
        "SELECT \(unescaped: Self.releaseColumns) FROM did_release_requests WHERE id = \(id)", logger: self.logger
      ).decode(ReleaseRow.self).collect().first
    }
    guard let row else { throw TelecomError.releaseNotFound }
    return Self.release(row)
  }

  func lockedReleaseState(_ id: UUID, on connection: PostgresConnection) async throws -> ReleaseRequestState {
    guard
      let state = try await connection.query(
        "SELECT state FROM did_release_requests WHERE id = \(id) FOR UPDATE", logger: self.logger
      ).decode(String.self).collect().first.flatMap(ReleaseRequestState.init(rawValue:))
    else { throw TelecomError.releaseNotFound }
    return state
  }

  static func step(_ state: ReleaseRequestState, _ step: ReleaseRequestState.Step) throws(TelecomError)
    -> ReleaseRequestState
  {
    switch state.after(step) {
    case .success(let next): return next
    case .failure(let refusal): throw TelecomError.release(refusal)
    }
  }

  static func releaseID(_ text: String) throws(TelecomError) -> UUID {
    guard let id = UUID(uuidString: text) else { throw TelecomError.releaseNotFound }
    return id
  }
}

extension ReleaseRequestState {
  var wire: ReleaseState {
    switch self {
    case .awaitingConsent: .awaitingConsent
    case .awaitingApproval: .awaitingApproval
    case .approved: .approved
    case .rejected: .rejected
    }
  }

  init?(_ wire: ReleaseState) {
    guard let state = Self.allCases.first(where: { $0.wire == wire }) else { return nil }
    self = state
  }
}
