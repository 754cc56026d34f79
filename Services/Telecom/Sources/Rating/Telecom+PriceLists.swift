import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TelecomRules
import WireCodec

/// Providers, rating plans, accounts' plans and price lists (docs/telecom.md, "Price lists").
/// A list is replaced whole by a new version; the rows of the version before are deleted in the
/// same transaction, and the rating book is rebuilt as it commits.
extension Telecom {
  func createProvider(_ request: Provider, caller: Caller) async throws -> Provider {
    try caller.require(TelecomPermission.pricesManage)
    var checks = FieldChecks()
    Self.checkCode(request.code, field: "code", into: &checks)
    checks.text(request.name, field: "name", name: "The name", maximum: 200)
    try checks.check()
    let createdAt = self.now
    try await self.database.transaction { connection in
      try await connection.query(
        """
        INSERT INTO providers (code, name, incoming_service, created_by, created_at)
        VALUES (\(request.code), \(request.name), \(request.incomingService.code), \(caller.actor), \(createdAt))
        """, logger: self.logger)
      try await self.bumpRatingGeneration(on: connection)
    }
    await self.refreshRating()
    return Provider(
      code: request.code, name: request.name, incomingService: request.incomingService, createdAt: createdAt)
  }

  func listProviders(_ request: ListProvidersRequest, caller: Caller) async throws -> ListProvidersReply {
    try caller.require(TelecomPermission.pricesRead)
    let page = try Self.pages.page(of: request.page, by: String.self)
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT code, name, incoming_service, created_at FROM providers
        WHERE \(page.after)::text IS NULL OR code > \(page.after) ORDER BY code LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((String, String, String, UTCTimestamp).self).collect()
    }
    let (shown, next) = page.cut(rows) { $0.0 }
    return ListProvidersReply(
      providers: shown.map {
        Provider(code: $0.0, name: $0.1, incomingService: BilledService(code: $0.2) ?? .unspecified, createdAt: $0.3)
      }, nextPageToken: next)
  }

  func createRatingPlan(_ request: RatingPlan, caller: Caller) async throws -> RatingPlan {
    try caller.require(TelecomPermission.pricesManage)
    var checks = FieldChecks()
    Self.checkCode(request.code, field: "code", into: &checks)
    checks.text(request.name, field: "name", name: "The name", maximum: 200)
    if !Self.isCurrency(request.currency) {
      checks.add("currency", "CURRENCY_FORMAT", "A currency is three capital letters (ISO 4217), like RUB.")
    }
    try checks.check()
    let createdAt = self.now
    try await self.database.transaction { connection in
      try await connection.query(
        """
        INSERT INTO rating_plans (code, name, currency, created_by, created_at)
        VALUES (\(request.code), \(request.name), \(request.currency), \(caller.actor), \(createdAt))
        """, logger: self.logger)
    }
    return RatingPlan(code: request.code, name: request.name, currency: request.currency, createdAt: createdAt)
  }

  func listRatingPlans(_ request: ListRatingPlansRequest, caller: Caller) async throws -> ListRatingPlansReply {
    try caller.require(TelecomPermission.pricesRead)
    let page = try Self.pages.page(of: request.page, by: String.self)
    let rows = try await self.database.withConnection { connection in
      try await connection.query(
        """
        SELECT code, name, currency, created_at FROM rating_plans
        WHERE \(page.after)::text IS NULL OR code > \(page.after) ORDER BY code LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((String, String, String, UTCTimestamp).self).collect()
    }
    let (shown, next) = page.cut(rows) { $0.0 }
    return ListRatingPlansReply(
      ratingPlans: shown.map { RatingPlan(code: $0.0, name: $0.1, currency: $0.2, createdAt: $0.3) },
      nextPageToken: next)
  }

  func setAccountRatingPlan(_ request: SetAccountRatingPlanRequest, caller: Caller) async throws -> AccountRatingPlan {
    try caller.require(TelecomPermission.pricesManage)
    var checks = FieldChecks()
    checks.text(request.accountNumber, field: "accountNumber", name: "The account number", maximum: 32)
    checks.text(request.ratingPlan, field: "ratingPlan", name: "The rating plan", maximum: 32)
    try checks.check()
    try await self.requireAccount(request.accountNumber)
    let setAt = self.now
    try await self.database.transaction { connection in
      let plans = try await connection.query(
        "SELECT code FROM rating_plans WHERE code = \(request.ratingPlan)", logger: self.logger
      ).decode(String.self).collect()
      guard !plans.isEmpty else { throw TelecomError.ratingPlanNotFound }
      try await connection.query(
        """
        INSERT INTO account_rating_plans (account_number, rating_plan, set_by, set_at)
        VALUES (\(request.accountNumber), \(request.ratingPlan), \(caller.actor), \(setAt))
        ON CONFLICT (account_number) DO UPDATE
          SET rating_plan = excluded.rating_plan, set_by = excluded.set_by, set_at = excluded.set_at
        """, logger: self.logger)
      try await self.bumpRatingGeneration(on: connection)
    }
    await self.refreshRating()
    return AccountRatingPlan(
      accountNumber: request.accountNumber, ratingPlan: request.ratingPlan, setBy: caller.actor, setAt: setAt)
  }

  func importPriceList(_ request: ImportPriceListRequest, caller: Caller) async throws -> ImportPriceListReply {
    try caller.require(TelecomPermission.pricesManage)
    let key = request.key
    var checks = FieldChecks()
    checks.text(key.provider, field: "key.provider", name: "The provider", maximum: 32)
    Self.checkCode(key.placeOfService, field: "key.placeOfService", into: &checks)
    if key.service == .unspecified { checks.add("key.service", "SERVICE_REQUIRED", "Choose the billed service.") }
    switch key.kind {
    case .retail where key.ratingPlan.isEmpty:
      checks.add("key.ratingPlan", "RATING_PLAN_REQUIRED", "A retail list belongs to a rating plan: name it.")
    case .wholesale where !key.ratingPlan.isEmpty:
      checks.add("key.ratingPlan", "RATING_PLAN_UNEXPECTED", "A wholesale list is the provider's own: no rating plan.")
    case .wholesale where !Self.isCurrency(request.currency):
      checks.add("currency", "CURRENCY_FORMAT", "A wholesale list names its currency (ISO 4217), like RUB.")
    case .unspecified:
      checks.add("key.kind", "KIND_REQUIRED", "Choose retail or wholesale.")
    default: break
    }
    try checks.check()
    guard let file = PriceListFile(request.csv) else { throw TelecomError.priceListTooLong }
    guard file.refusals.isEmpty else {
      return ImportPriceListReply(
        version: 0, rows: 0,
        errors: file.refusals.prefix(100).map {
          PriceListLineError(line: UInt32($0.line), reason: $0.reason, message: $0.message)
        })
    }
    let imported = try await self.database.transaction { connection in
      try await self.storePriceList(key, currency: request.currency, file: file, caller: caller, on: connection)
    }
    await self.refreshRating()
    return ImportPriceListReply(version: UInt32(imported), rows: UInt32(file.lines.count), errors: [])
  }

  /// Writes `file` as the list's next version and makes it current; returns the version.
  func storePriceList(
    _ key: PriceListKey, currency requested: String, file: PriceListFile, caller: Caller,
    on connection: PostgresConnection
  ) async throws -> Int32 {
    try await self.requireProvider(key.provider, on: connection)
    var currency = requested
    if key.kind == .retail {
      guard
        let plan = try await connection.query(
          "SELECT currency FROM rating_plans WHERE code = \(key.ratingPlan)", logger: self.logger
        ).decode(String.self).collect().first
      else { throw TelecomError.ratingPlanNotFound }
      if !requested.isEmpty && requested != plan { throw TelecomError.currencyMismatch }
      currency = plan
    }
    let kind = key.kind == .retail ? "retail" : "wholesale"
    let listID = try await connection.query(
      """
      INSERT INTO price_lists (provider, kind, rating_plan, service, place_of_service, currency)
      VALUES (\(key.provider), \(kind), \(key.ratingPlan), \(key.service.code), \(key.placeOfService), \(currency))
      ON CONFLICT (provider, kind, rating_plan, service, place_of_service) DO UPDATE SET currency = excluded.currency
      RETURNING id
      """, logger: self.logger
    ).decode(Int64.self).collect()[0]
    let version = try await connection.query(
      "UPDATE price_lists SET current_version = current_version + 1 WHERE id = \(listID) RETURNING current_version",
      logger: self.logger
    ).decode(Int32.self).collect()[0]
    let lines = file.lines
    // One statement for the whole version: arrays bound as parameters, unnested server-side.
    try await connection.query(
      """
      INSERT INTO price_rows (price_list_id, version, prefix, price_micros, unit, first_increment, next_increment,
                              connection_fee_micros, valid_from, valid_to)
      SELECT \(listID), \(version), prefix, price, unit, first_step, next_step, fee,
             timestamptz 'epoch' + valid_from * interval '1 microsecond',
             CASE WHEN valid_to < 0 THEN NULL ELSE timestamptz 'epoch' + valid_to * interval '1 microsecond' END
      FROM unnest(\(lines.map(\.prefix.description))::text[], \(lines.map(\.priceMicros))::bigint[],
                  \(lines.map { Int32($0.unit) })::integer[], \(lines.map { Int32($0.tariffication.first) })::integer[],
                  \(lines.map { Int32($0.tariffication.next) })::integer[], \(lines.map(\.connectionFeeMicros))::bigint[],
                  \(lines.map(\.validFrom.microsecondsSinceEpoch))::bigint[],
                  \(lines.map { $0.validTo?.microsecondsSinceEpoch ?? -1 })::bigint[])
        AS t(prefix, price, unit, first_step, next_step, fee, valid_from, valid_to)
      """, logger: self.logger)
    try await connection.query(
      "DELETE FROM price_rows WHERE price_list_id = \(listID) AND version < \(version)", logger: self.logger)
    try await connection.query(
      """
      INSERT INTO price_list_versions (price_list_id, version, row_count, imported_by, imported_at)
      VALUES (\(listID), \(version), \(Int32(lines.count)), \(caller.actor), \(self.now))
      """, logger: self.logger)
    try await self.bumpRatingGeneration(on: connection)
    return version
  }

  /// Codes of providers, plans and places: 1–32 letters, digits, '-' or '_'.
  static func checkCode(_ code: String, field: String, into checks: inout FieldChecks) {
    let allowed = code.utf8.allSatisfy { byte in
      (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D
        || byte == 0x5F
    }
    if !(1...32).contains(code.utf8.count) || !allowed {
      checks.add(field, "CODE_FORMAT", "A code is 1 to 32 Latin letters, digits, '-' or '_'.")
    }
  }

  static func isCurrency(_ text: String) -> Bool {
    text.utf8.count == 3 && text.utf8.allSatisfy { (0x41...0x5A).contains($0) }
  }
}
