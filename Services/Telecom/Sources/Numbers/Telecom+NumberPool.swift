import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TelecomRules
import WireCodec

/// The pool's lists (docs/telecom.md, "The DID number pool"): import, search, one number and
/// its history.
extension Telecom {
  /// "Show": 100 by default, at most 5,000 (the seed: larger loads hurt the database).
  static let numberPages = PageRules(defaultSize: 100, maximumSize: 5000)

  func importNumbers(_ request: ImportNumbersRequest, caller: Caller) async throws -> ImportNumbersReply {
    try caller.require(TelecomPermission.numbersManage)
    guard let file = NumberImportFile(request.csv) else { throw TelecomError.numberFileTooLong }
    guard file.refusals.isEmpty else {
      return ImportNumbersReply(
        errors: file.refusals.prefix(Self.reportedRefusals).map {
          NumberLineError(line: UInt32($0.line), reason: $0.reason, message: $0.message)
        })
    }
    let lines = file.lines
    let today = self.localToday
    let actor = caller.actor
    let added = try await self.database.transaction { connection in
      // Numbers already in the pool are left as they are: an import sent twice adds nothing.
      let added = try await connection.query(
        """
        INSERT INTO did_numbers (number, region, provider, place, fmtn, status, status_changed_at, ncv_since,
                                 first_stats_day, added_at)
        SELECT l.number, l.region, l.provider, l.place, l.fmtn, 'free', \(self.now), \(today),
               (SELECT min(day) FROM ncv_days WHERE day >= \(today)), \(self.now)
        FROM unnest(\(lines.map(\.number.digits))::text[], \(lines.map(\.region))::text[],
                    \(lines.map(\.provider))::text[], \(lines.map(\.place))::text[], \(lines.map(\.fmtn))::boolean[])
             AS l(number, region, provider, place, fmtn)
        ON CONFLICT (number) DO NOTHING
        RETURNING number
        """, logger: self.logger
      ).decode(String.self).collect()
      try await connection.query(
        """
        INSERT INTO did_number_history (number, event, from_status, to_status, actor, at, note)
        SELECT number, 'added', 'free', 'free', \(actor), \(self.now), 'import' FROM unnest(\(added)::text[]) AS number
        """, logger: self.logger)
      return added.count
    }
    return ImportNumbersReply(added: UInt32(added), unchanged: UInt32(lines.count - added))
  }

  func searchNumbers(_ request: SearchNumbersRequest, caller: Caller) async throws -> SearchNumbersReply {
    try caller.require(TelecomPermission.numbersRead)
    let search = try Self.numberSearch(request)
    let page = try Self.numberPages.page(of: request.page, by: String.self)
    let rows = try await self.database.withConnection { connection in
      try await self.searchNumbers(search, after: page.after, limit: page.limit, on: connection)
    }
    let (shown, next) = page.cut(rows) { $0.number }
    return SearchNumbersReply(numbers: shown.map(\.message), nextPageToken: next)
  }

  /// A checked search: the LIKE pattern and the filters as stored.
  struct NumberSearch: Sendable {
    var pattern: String?
    var region: String
    var provider: String
    var place: String
    var statuses: [String]
    var classes: [String]
    var availabilities: [String]
  }

  static func numberSearch(_ request: SearchNumbersRequest) throws(ValidationFailure) -> NumberSearch {
    var checks = FieldChecks()
    var pattern: String?
    if !request.mask.isEmpty {
      if let mask = NumberMask(request.mask) {
        pattern = mask.pattern
      } else {
        checks.add("mask", "MASK_FORMAT", NumberMask.formatMessage)
      }
    }
    for (text, field) in [
      (request.region, "region"), (request.provider, "provider"), (request.placeOfService, "placeOfService"),
    ]
    where text.count > NumberImportFile.maximumText {
      checks.add(field, "FIELD_FORMAT", "At most \(NumberImportFile.maximumText) characters.")
    }
    let statuses = request.statuses.map(NumberStatus.init)
    let classes = request.nonTargetClasses.map(NonTargetCallClass.init)
    let availabilities = request.availabilities.map(SaleAvailability.init)
    if statuses.contains(where: { $0 == nil }) { checks.add("statuses", "STATUS_INVALID", "Choose known statuses.") }
    if classes.contains(where: { $0 == nil }) {
      checks.add("nonTargetClasses", "CLASS_INVALID", "Choose known non-target call classes.")
    }
    if availabilities.contains(where: { $0 == nil }) {
      checks.add("availabilities", "AVAILABILITY_INVALID", "Choose known availabilities.")
    }
    try checks.check()
    return NumberSearch(
      pattern: pattern, region: request.region, provider: request.provider, place: request.placeOfService,
      statuses: statuses.compactMap { $0?.rawValue }, classes: classes.compactMap { $0?.rawValue },
      availabilities: availabilities.compactMap { $0?.rawValue })
  }

  /// One page of a search, in number order, after `after`.
  func searchNumbers(_ search: NumberSearch, after: String?, limit: Int, on connection: PostgresConnection)
    async throws -> [NumberRow]
  {
    try await connection.query(
      self.searchQuery(search, head: "SELECT *", after: after, tail: "ORDER BY x.number LIMIT \(limit)"),
      logger: self.logger
    ).decode(NumberRow.Columns.self).collect().map(NumberRow.init)
  }

  /// How many numbers a search finds, all pages together.
  func countNumbers(_ search: NumberSearch, on connection: PostgresConnection) async throws -> Int64 {
    try await connection.query(
      self.searchQuery(search, head: "SELECT count(*)", after: nil, tail: ""), logger: self.logger
    ).decode(Int64.self).collect().first ?? 0
  }

  /// `head` over the numbers `search` finds after `after`, then `tail` (order and limit).
  private func searchQuery(_ search: NumberSearch, head: String, after: String?, tail: String) -> PostgresQuery {
    """
    \(unescaped: head) FROM (\(unescaped: self.numberSelect(today: self.localToday))
      WHERE (\(search.pattern)::text IS NULL OR n.number LIKE \(search.pattern))
        AND (\(search.region) = '' OR n.region = \(search.region))
        AND (\(search.provider) = '' OR n.provider = \(search.provider))
        AND (\(search.place) = '' OR n.place = \(search.place))
        AND (cardinality(\(search.statuses)::text[]) = 0 OR n.status = ANY(\(search.statuses)))
        AND (\(after)::text IS NULL OR n.number > \(after))) AS x
    WHERE (cardinality(\(search.classes)::text[]) = 0 OR x.ncv = ANY(\(search.classes)))
      AND (cardinality(\(search.availabilities)::text[]) = 0 OR x.availability = ANY(\(search.availabilities)))
    \(unescaped: tail)
    """
  }

  func getNumber(_ request: GetNumberRequest, caller: Caller) async throws -> DidNumber {
    try caller.require(TelecomPermission.numbersRead)
    return try await self.database.withConnection { connection in
      try await self.requireNumber(request.number, on: connection).message
    }
  }

  func changeNumberDetails(_ request: ChangeNumberDetailsRequest, caller: Caller) async throws -> DidNumber {
    try caller.require(TelecomPermission.numbersManage)
    let number = try Self.poolNumber(request.number).digits
    var checks = FieldChecks()
    for (text, field, name) in [
      (request.region, "region", "The region"), (request.provider, "provider", "The provider"),
      (request.placeOfService, "placeOfService", "The place of service"),
    ] {
      checks.text(text, field: field, name: name, maximum: NumberImportFile.maximumText)
    }
    checks.text(request.reason, field: "reason", name: "The reason", maximum: Self.maximumReason)
    try checks.check()
    return try await self.database.transaction { connection in
      let row = try await self.requireNumber(number, forUpdate: true, on: connection)
      var changes: [String] = []
      for (name, before, after) in [
        ("region", row.region, request.region), ("provider", row.provider, request.provider),
        ("place", row.place, request.placeOfService), ("fmtn", "\(row.fmtn)", "\(request.fmtn)"),
      ] where before != after {
        changes.append("\(name) \(before) → \(after)")
      }
      guard !changes.isEmpty else { return row.message }
      try await connection.query(
        """
        UPDATE did_numbers SET region = \(request.region), provider = \(request.provider),
          place = \(request.placeOfService), fmtn = \(request.fmtn)
        WHERE number = \(number)
        """, logger: self.logger)
      try await self.recordNumberChange(
        number, .detailsChanged, from: row.status, to: row.status, actor: caller.actor,
        note: changes.joined(separator: "; ") + ": " + request.reason, on: connection)
      return try await self.requireNumber(number, on: connection).message
    }
  }

  func numberHistory(_ request: NumberHistoryRequest, caller: Caller) async throws -> NumberHistoryReply {
    try caller.require(TelecomPermission.numbersRead)
    let number = try Self.poolNumber(request.number).digits
    let page = try Self.pages.page(of: request.page, by: Int64.self)
    let rows = try await self.database.withConnection { connection in
      _ = try await self.requireNumber(number, on: connection)
      return try await connection.query(
        """
        SELECT seq, event, from_status, to_status, actor, at, note FROM did_number_history
        WHERE number = \(number) AND (\(page.after)::bigint IS NULL OR seq > \(page.after))
        ORDER BY seq LIMIT \(page.limit)
        """, logger: self.logger
      ).decode((Int64, String, String, String, String, UTCTimestamp, String).self).collect()
    }
    let (shown, next) = page.cut(rows) { $0.0 }
    return NumberHistoryReply(
      changes: shown.map { row in
        NumberChange(
          number: number, event: NumberEventColumn(rawValue: row.1)?.wire ?? .unspecified,
          from: NumberStatus(rawValue: row.2)?.wire ?? .unspecified,
          to: NumberStatus(rawValue: row.3)?.wire ?? .unspecified, actor: row.4, at: row.5, note: row.6)
      }, nextPageToken: next)
  }
}
