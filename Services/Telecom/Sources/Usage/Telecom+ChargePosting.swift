import BillingAPI
import GRPCCore
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A charge waiting in the outbox, as claimed for one PostCharges call: a SIM's usage record
/// or a rated call.
struct PendingCharge: Sendable {
  let recordID: String
  let accountNumber: String
  let amountMinor: Int64
  /// Empty for SIM usage, which carries `usageServiceCode`.
  let serviceCode: String
  let comment: String
}

extension Telecom {
  /// How long a claimed batch is kept from other replicas: longer than a PostCharges call may
  /// take, so a replica that died mid-call leaves its batch to another after this.
  static let chargeClaim: Duration = .seconds(60)

  /// One round of the outbox: claims the oldest pending charges (SKIP LOCKED, so replicas
  /// share the work), posts them to Billing outside any transaction, and records the answer.
  /// PostCharges is idempotent per usage id, so a batch posted again after a crash or a lost
  /// answer charges nothing twice. Returns how many charges were claimed.
  func postPendingCharges(to billing: ServiceClient) async throws -> Int {
    let batch = try await self.claimCharges(limit: self.settings.chargeBatchSize)
    guard !batch.isEmpty else { return 0 }
    do {
      do {
        _ = try await billing.call(BillingContract.postCharges, self.request(for: batch), idempotent: true)
        try await self.markPosted(batch.map(\.recordID))
      } catch let error as RPCError where error.isRefusalOfContent {
        // One bad charge refuses the whole batch: post each alone to find it; the rest go.
        for charge in batch {
          do {
            _ = try await billing.call(BillingContract.postCharges, self.request(for: [charge]), idempotent: true)
            try await self.markPosted([charge.recordID])
          } catch let error as RPCError where error.isRefusalOfContent {
            try await self.markRefused(charge.recordID, reason: error.refusalText)
          }
        }
      }
    } catch {
      // Billing did not answer (or this replica lost its database): what is still pending is
      // released at once for the next round rather than held for the claim's minute.
      try? await self.releaseClaims(batch.map(\.recordID))
      throw error
    }
    return batch.count
  }

  func request(for charges: [PendingCharge]) -> PostChargesRequest {
    PostChargesRequest(
      charges: charges.map { charge in
        UsageCharge(
          usageID: charge.recordID, accountNumber: charge.accountNumber,
          amount: ExactDecimal(units: charge.amountMinor, scale: 2),
          serviceCode: charge.serviceCode.isEmpty ? self.settings.usageServiceCode : charge.serviceCode,
          subscriptionID: "", date: nil, comment: charge.comment)
      })
  }

  func claimCharges(limit: Int) async throws -> [PendingCharge] {
    try await self.database.transaction { connection in
      try await connection.query(
        """
        UPDATE usage_charges c SET claimed_until = \(self.now.adding(Self.chargeClaim)), attempts = c.attempts + 1
        WHERE c.record_id IN (
          SELECT record_id FROM usage_charges
          WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until < \(self.now))
          ORDER BY created_at, record_id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
        RETURNING c.record_id, c.account_number, c.amount_minor, c.service_code, c.comment
        """, logger: self.logger
      ).decode((String, String, Int64, String, String).self).collect().map {
        PendingCharge(recordID: $0.0, accountNumber: $0.1, amountMinor: $0.2, serviceCode: $0.3, comment: $0.4)
      }
    }
  }

  func markPosted(_ ids: [String]) async throws {
    try await self.database.transaction { connection in
      try await connection.query(
        """
        UPDATE usage_charges SET status = 'posted', posted_at = \(self.now), claimed_until = NULL
        WHERE record_id = ANY(\(ids)) AND status = 'pending'
        """, logger: self.logger)
    }
  }

  func releaseClaims(_ ids: [String]) async throws {
    try await self.database.transaction { connection in
      try await connection.query(
        "UPDATE usage_charges SET claimed_until = NULL WHERE record_id = ANY(\(ids)) AND status = 'pending'",
        logger: self.logger)
    }
  }

  func markRefused(_ id: String, reason: String) async throws {
    self.logger.error("Billing refused a usage charge", metadata: ["record": "\(id)", "reason": "\(reason)"])
    try await self.database.transaction { connection in
      try await connection.query(
        """
        UPDATE usage_charges SET status = 'refused', reason = \(reason), claimed_until = NULL
        WHERE record_id = \(id) AND status = 'pending'
        """, logger: self.logger)
    }
  }
}
