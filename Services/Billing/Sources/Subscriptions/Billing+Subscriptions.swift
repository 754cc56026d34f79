import BillingAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Billing {
  static let manageSubscriptions = BillingPermission.subscriptionsManage

  func createSubscription(_ request: CreateSubscriptionRequest, caller: Caller) async throws -> Subscription {
    var checks = FieldChecks()
    if let planned = request.plannedActivation { checks.futureActivation(planned, today: self.today) }
    try checks.check()
    let tariffID = try parseID(request.tariffID, notFound: .tariffNotFound)
    let id = UUID()
    try await self.database.transaction { connection in
      let account = try self.visible(
        try await self.account(.number(request.accountNumber), on: connection), to: caller,
        with: Self.manageSubscriptions)
      guard account.status != .closed else { throw BillingError.accountClosed }
      let rows = try await connection.query(
        """
        SELECT \(unescaped: TariffRow.columns), (SELECT country FROM customers WHERE id = \(account.customerID))
        FROM tariffs t WHERE t.id = \(tariffID)
        """, logger: self.logger
      ).decode((UUID, String, String, String, String, Int64, TariffRow.Period, Bool, Bool, String).self).collect()
      guard let row = rows.first else { throw BillingError.tariffNotFound }
      let tariff = TariffRow((row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8)).message
      var offer = FieldChecks()
      if !tariff.active { offer.add("tariffID", "TARIFF_NOT_OFFERED", "This tariff is no longer offered.") }
      if tariff.currency != account.currency {
        offer.add(
          "tariffID", "TARIFF_CURRENCY_MISMATCH",
          "The tariff is in \(tariff.currency); the account is kept in \(account.currency).")
      }
      if tariff.country.column != row.9 {
        offer.add("tariffID", "TARIFF_COUNTRY_MISMATCH", "The tariff is for customers of another country.")
      }
      try offer.check()
      try await connection.query(
        """
        INSERT INTO subscriptions (id, account_id, tariff_id, planned_activation, created_at)
        VALUES (\(id), \(account.id), \(tariffID), \(request.plannedActivation), \(self.now))
        """, logger: self.logger)
      try await self.recordHistory(of: id, status: .new, actor: caller.userID, reason: "", on: connection)
    }
    return try await self.subscription(id, caller: caller, permission: Self.manageSubscriptions)
  }

  func planActivation(_ request: PlanActivationRequest, caller: Caller) async throws -> Subscription {
    var checks = FieldChecks()
    if let planned = request.plannedActivation { checks.futureActivation(planned, today: self.today) }
    try checks.check()
    let id = try parseID(request.subscriptionID, notFound: .subscriptionNotFound)
    try await self.database.transaction { connection in
      let subscription = try await self.lockedSubscription(id, caller: caller, on: connection)
      guard subscription.status == .new else {
        throw BillingError.subscriptionState(
          subscription.status.rawValue, "Only a New subscription can have a planned activation date.")
      }
      try await connection.query(
        "UPDATE subscriptions SET planned_activation = \(request.plannedActivation) WHERE id = \(id)",
        logger: self.logger)
    }
    return try await self.subscription(id, caller: caller, permission: Self.manageSubscriptions)
  }

  /// Activates a New subscription now, charging its first period; refused when the balance
  /// (plus the credit limit of a postpaid account) does not cover it.
  func activateSubscription(_ request: ChangeSubscriptionRequest, caller: Caller) async throws -> Subscription {
    let id = try parseID(request.subscriptionID, notFound: .subscriptionNotFound)
    try await self.database.transaction { connection in
      let subscription = try await self.lockedSubscription(id, caller: caller, on: connection)
      guard subscription.status == .new else {
        throw BillingError.subscriptionState(subscription.status.rawValue, "Only a New subscription can be activated.")
      }
      guard
        case .activated = try await self.activate(
          subscription, on: self.today, actor: caller.userID, reason: request.reason, on: connection)
      else {
        throw BillingError.insufficientFunds
      }
    }
    return try await self.subscription(id, caller: caller, permission: Self.manageSubscriptions)
  }

  func suspendSubscription(_ request: ChangeSubscriptionRequest, caller: Caller) async throws -> Subscription {
    try await self.move(
      request, from: [.active], to: .suspended, rule: "Only an Active subscription can be suspended.", caller: caller)
  }

  func resumeSubscription(_ request: ChangeSubscriptionRequest, caller: Caller) async throws -> Subscription {
    try await self.move(
      request, from: [.suspended], to: .active, rule: "Only a Suspended subscription can be resumed.", caller: caller)
  }

  func closeSubscription(_ request: ChangeSubscriptionRequest, caller: Caller) async throws -> Subscription {
    try await self.move(
      request, from: [.new, .active, .suspended], to: .closed, rule: "A closed subscription stays closed.",
      caller: caller)
  }

  /// A status change that posts nothing.
  func move(
    _ request: ChangeSubscriptionRequest, from: Set<SubscriptionRow.Status>, to status: SubscriptionRow.Status,
    rule: String, caller: Caller
  ) async throws -> Subscription {
    let id = try parseID(request.subscriptionID, notFound: .subscriptionNotFound)
    var checks = FieldChecks()
    checks.text(request.reason, field: "reason", name: "The reason", maximum: 500, required: false)
    try checks.check()
    try await self.database.transaction { connection in
      let subscription = try await self.lockedSubscription(id, caller: caller, on: connection)
      guard from.contains(subscription.status) else {
        throw BillingError.subscriptionState(subscription.status.rawValue, rule)
      }
      // A caller that decided on an older view (Telecom closing an unpaid reservation) changes
      // nothing once the subscription has moved on.
      guard request.expectedStatus == .unspecified || subscription.status.message == request.expectedStatus else {
        throw BillingError.subscriptionState(
          subscription.status.rawValue, "It was expected to be \(request.expectedStatus); nothing was changed.")
      }
      try await connection.query(
        """
        UPDATE subscriptions SET status = \(status), planned_activation = NULL,
          closed_at = CASE WHEN \(status == .closed) THEN \(self.now) ELSE closed_at END
        WHERE id = \(id)
        """, logger: self.logger)
      try await self.recordHistory(of: id, status: status, actor: caller.userID, reason: request.reason, on: connection)
    }
    return try await self.subscription(id, caller: caller, permission: Self.manageSubscriptions)
  }

  func listSubscriptions(_ request: ListSubscriptionsRequest, caller: Caller) async throws -> ListSubscriptionsReply {
    // Ordered by status (its place in the lifecycle) or not (rank 0), then by creation: the key
    // is the pair.
    let page = try Self.pages.page(of: request.page, by: PageKeyPair<Int64, Int64>.self)
    let statuses = request.statuses.compactMap(SubscriptionRow.Status.init).map(\.rawValue)
    let byStatus = request.orderBy == .status
    let lifecycle = SubscriptionRow.Status.allCases.map(\.rawValue)
    let rank = { (row: SubscriptionRow) in
      byStatus ? Int64((lifecycle.firstIndex(of: row.status.rawValue) ?? 0) + 1) : 0
    }
    let rows = try await self.database.withConnection { connection in
      let account = try self.visible(
        try await self.account(.number(request.accountNumber), on: connection), to: caller,
        with: BillingPermission.accountsRead)
      return try await connection.query(
        """
        SELECT \(unescaped: SubscriptionRow.columns) \(unescaped: SubscriptionRow.from)
        WHERE s.account_id = \(account.id) AND (\(request.serviceCode.nonEmpty)::text IS NULL OR t.service_code = \(request.serviceCode))
          AND (cardinality(\(statuses)::text[]) = 0 OR s.status = ANY(\(statuses)))
          AND (\(page.after?.first)::bigint IS NULL
               OR (CASE WHEN \(byStatus) THEN array_position(\(lifecycle)::text[], s.status) ELSE 0 END, s.seq)
                  > (\(page.after?.first), \(page.after?.second)))
        ORDER BY CASE WHEN \(byStatus) THEN array_position(\(lifecycle)::text[], s.status) ELSE 0 END, s.seq
        LIMIT \(page.limit)
        """, logger: self.logger
      ).decode(SubscriptionRow.Row.self).collect().map(SubscriptionRow.init)
    }
    let (shown, next) = page.cut(rows) { PageKeyPair(rank($0), $0.seq) }
    return ListSubscriptionsReply(subscriptions: shown.map(\.message), nextPageToken: next)
  }

  // MARK: - Shared steps

  /// The subscription as `caller` may see it with `permission`.
  func subscription(_ id: UUID, caller: Caller, permission: Permission) async throws -> Subscription {
    let row = try await self.database.withConnection { connection in
      try await self.subscriptionRow(id, lock: false, on: connection)
    }
    return try self.visible(row, to: caller, with: permission).message
  }

  /// The subscription row, locked until the transaction ends, after checking `caller` may manage it.
  func lockedSubscription(_ id: UUID, caller: Caller, on connection: PostgresConnection) async throws -> SubscriptionRow
  {
    try self.visible(
      try await self.subscriptionRow(id, lock: true, on: connection), to: caller, with: Self.manageSubscriptions)
  }

  func subscriptionRow(_ id: UUID, lock: Bool, on connection: PostgresConnection) async throws -> SubscriptionRow? {
    try await connection.query(
      """
      SELECT \(unescaped: SubscriptionRow.columns) \(unescaped: SubscriptionRow.from) WHERE s.id = \(id)\(unescaped: lock ? " FOR UPDATE OF s" : "")
      """, logger: self.logger
    ).decode(SubscriptionRow.Row.self).collect().first.map(SubscriptionRow.init)
  }

  func visible(_ subscription: SubscriptionRow?, to caller: Caller, with permission: Permission) throws
    -> SubscriptionRow
  {
    try self.visible(
      subscription, organization: \.organizationID, notFound: .subscriptionNotFound, to: caller, with: permission)
  }

  func recordHistory(
    of id: UUID, status: SubscriptionRow.Status, actor: String, reason: String, on connection: PostgresConnection
  ) async throws {
    try await connection.query(
      """
      INSERT INTO subscription_history (subscription_id, status, actor, reason, at) VALUES (\(id), \(status), \(actor), \(reason), \(self.now))
      """, logger: self.logger)
    // Services that attach things to subscriptions (Telecom's DID numbers) follow them here.
    if let row = try await self.subscriptionRow(id, lock: false, on: connection) {
      try await EventOutbox.append(
        [OutboxEvent(BillingEvents.subscriptionChanged, key: row.message.accountNumber, message: row.message)],
        on: connection,
        at: self.now, logger: self.logger)
    }
  }
}

extension FieldChecks {
  /// A planned activation must be a day after today.
  mutating func futureActivation(_ date: CalendarDate, today: CalendarDate, field: String = "plannedActivation") {
    if date <= today {
      self.add(
        field, "ACTIVATION_DATE_NOT_FUTURE", "A planned activation date must be after today (\(today)); \(date) is not."
      )
    }
  }
}
