import PostgresNIO
import Prometheus
import RPC
import Storage

/// The next charges of one row of `call_charge_batches`, as claimed.
struct ClaimedCallCharges: Sendable {
  let batch: Int64
  /// How many of the batch's charges were done before these.
  let offset: Int
  let charges: [PendingCharge]
}

extension Telecom {
  /// One round of the call charges' outbox (docs/telecom.md, "Call records"): claims the
  /// oldest batch row no other replica holds (SKIP LOCKED, for `chargeClaim`), takes its next
  /// `chargeBatchSize` charges, posts them to Billing outside any transaction and moves the
  /// batch's `posted` past them — setting aside in `usage_charges` those Billing refused, with
  /// its reason — or deletes the batch once all are done. PostCharges is idempotent per usage
  /// id, so charges posted again after a crash, a lost answer or a claim that ran out charge
  /// nothing twice. Returns how many charges were claimed.
  func postCallCharges(to billing: ServiceClient) async throws -> Int {
    guard let claimed = try await self.claimCallCharges(limit: self.settings.chargeBatchSize) else { return 0 }
    let refused: [BillingRefusal]
    do {
      refused = try await self.send(claimed.charges, to: billing)
    } catch {
      try? await self.releaseCallCharges(claimed.batch)
      throw error
    }
    try await self.recordCallCharges(claimed, refused: refused)
    return claimed.charges.count
  }

  func claimCallCharges(limit: Int) async throws -> ClaimedCallCharges? {
    try await self.database.transaction { connection in
      let rows = try await connection.query(
        """
        UPDATE call_charge_batches b SET claimed_until = \(self.now.adding(Self.chargeClaim)), attempts = b.attempts + 1
        WHERE b.id = (
          SELECT id FROM call_charge_batches WHERE claimed_until IS NULL OR claimed_until < \(self.now)
          ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING b.id, b.posted, b.record_ids[b.posted + 1 : b.posted + \(limit)],
                  b.account_numbers[b.posted + 1 : b.posted + \(limit)], b.amounts_minor[b.posted + 1 : b.posted + \(limit)],
                  b.currencies[b.posted + 1 : b.posted + \(limit)], b.service_codes[b.posted + 1 : b.posted + \(limit)],
                  b.comments[b.posted + 1 : b.posted + \(limit)]
        """, logger: self.logger
      ).decode((Int64, Int, [String], [String], [Int64], [String], [String], [String]).self).collect()
      guard let (batch, offset, ids, accounts, amounts, currencies, codes, comments) = rows.first else { return nil }
      let charges = ids.indices.map { index in
        PendingCharge(
          recordID: ids[index], accountNumber: accounts[index], amountMinor: amounts[index],
          currency: currencies[index], serviceCode: codes[index], comment: comments[index])
      }
      return ClaimedCallCharges(batch: batch, offset: offset, charges: charges)
    }
  }

  /// Moves the batch past the claimed charges and sets the refused ones aside, in one
  /// transaction; the batch goes once all its charges are done. A batch whose `posted` moved
  /// meanwhile (this replica's claim ran out and another posted the same charges) is left as
  /// the other replica made it.
  func recordCallCharges(_ claimed: ClaimedCallCharges, refused: [BillingRefusal]) async throws {
    let recorded = try await self.database.transaction { connection -> Bool in
      let moved = try await connection.query(
        """
        UPDATE call_charge_batches SET posted = posted + \(claimed.charges.count), claimed_until = NULL
        WHERE id = \(claimed.batch) AND posted = \(claimed.offset)
        RETURNING posted = charges
        """, logger: self.logger
      ).decode(Bool.self).collect()
      guard let finished = moved.first else { return false }
      for refusal in refused {
        let charge = refusal.charge
        try await connection.query(
          """
          INSERT INTO usage_charges (record_id, account_number, amount_minor, currency, status, reason, created_at,
                                     refused_at, service_code, comment)
          VALUES (\(charge.recordID), \(charge.accountNumber), \(charge.amountMinor),
                  \(charge.currency), 'refused', \(refusal.reason), \(self.now), \(self.now), \(charge.serviceCode),
                  \(charge.comment))
          ON CONFLICT (record_id) DO NOTHING
          """, logger: self.logger)
      }
      if finished {
        try await connection.query("DELETE FROM call_charge_batches WHERE id = \(claimed.batch)", logger: self.logger)
      }
      return true
    }
    // Counted only by the replica whose answer was recorded: another's was, or will be, its own.
    if recorded { self.refusedCounter.increment(by: Int64(refused.count)) }
  }

  func releaseCallCharges(_ batch: Int64) async throws {
    try await self.database.transaction { connection in
      try await connection.query(
        "UPDATE call_charge_batches SET claimed_until = NULL WHERE id = \(batch)", logger: self.logger)
    }
  }
}
