import BillingAPI
import RPC
import Storage

extension Billing {
  static let maximumUsageBatch = 1000

  /// Posts a batch of usage charges in one transaction, a statement per step
  /// (``postBatch(_:order:permission:caller:)``): all or nothing. Each usage's
  /// idempotency key is derived from the posting service and the usage id, so a batch sent
  /// again (a retry after a timeout) charges nothing twice, and one usage id cannot be
  /// charged with other content. Accounts are locked in account-number order, so two batches
  /// touching the same accounts cannot deadlock each other.
  func postCharges(_ request: PostChargesRequest, caller: Caller) async throws -> PostChargesReply {
    var checks = FieldChecks()
    if request.charges.isEmpty || request.charges.count > Self.maximumUsageBatch {
      checks.add("charges", "BATCH_SIZE", "A batch holds 1–\(Self.maximumUsageBatch) charges.")
    }
    var seen: Set<String> = []
    for (index, charge) in request.charges.enumerated() {
      checks.text(charge.usageID, field: "charges[\(index)].usageID", name: "The usage id", maximum: 100)
      checks.text(charge.serviceCode, field: "charges[\(index)].serviceCode", name: "The service code", maximum: 64)
      if let date = charge.date {
        checks.valueDate(date, today: self.today, settings: self.settings, field: "charges[\(index)].date")
      }
      if !seen.insert(charge.usageID).inserted {
        checks.add(
          "charges[\(index)].usageID", "USAGE_REPEATED", "The usage id \(charge.usageID) appears twice in the batch.")
      }
    }
    try checks.check()
    let source = self.source(of: caller)
    let order = request.charges.indices.sorted { request.charges[$0].accountNumber < request.charges[$1].accountNumber }
    let entries = request.charges.enumerated().map { index, charge in
      NewEntry(
        idempotencyKey: "usage:\(source):\(charge.usageID)", idempotencyScope: self.idempotencyScope(of: caller),
        account: .number(charge.accountNumber), kind: .charge,
        amount: charge.amount, date: charge.date ?? self.today, serviceCode: charge.serviceCode,
        subscriptionID: charge.subscriptionID,
        purpose: charge.comment, debit: true, source: source, actor: caller.userID,
        amountField: "charges[\(index)].amount")
    }
    do {
      return PostChargesReply(
        postings: try await self.postBatch(
          entries, order: order, permission: BillingPermission.chargesPost, caller: caller))
    } catch is KeyCommittedMeanwhile {
      // Another batch committed some of these usages meanwhile: charge by charge, they replay.
    }
    let postings = try await self.database.transaction { connection in
      var postings = [PostingReply?](repeating: nil, count: entries.count)
      for index in order {
        postings[index] = try await self.post(
          entries[index], permission: BillingPermission.chargesPost, caller: caller, on: connection)
      }
      return postings.compactMap { $0 }
    }
    return PostChargesReply(postings: postings)
  }
}
