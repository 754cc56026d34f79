import BillingAPI
import GRPCCore
import PostgresNIO
import Prometheus
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
  let currency: String
  /// Empty for SIM usage, which carries `usageServiceCode`.
  let serviceCode: String
  let comment: String
}

/// A charge Billing refused, with its reason as Billing gave it.
struct BillingRefusal: Sendable {
  let charge: PendingCharge
  let reason: String
}

extension Telecom {
  /// How long a claimed batch is kept from other replicas: longer than a PostCharges call may
  /// take, so a replica that died mid-call leaves its batch to another after this.
  static let chargeClaim: Duration = .seconds(60)

  /// One round of the outbox: the oldest pending SIM usage charges (and call charges stored
  /// before call charges were kept per batch), then the oldest batch of call charges
  /// (``postCallCharges(to:)``). Returns how many charges were claimed.
  func postPendingCharges(to billing: ServiceClient) async throws -> Int {
    let usage = try await self.postUsageCharges(to: billing)
    return try await usage + self.postCallCharges(to: billing)
  }

  /// Claims the oldest pending rows of `usage_charges` (SKIP LOCKED, so replicas share the
  /// work), posts them to Billing outside any transaction, and records the answer.
  /// PostCharges is idempotent per usage id, so a batch posted again after a crash or a lost
  /// answer charges nothing twice.
  func postUsageCharges(to billing: ServiceClient) async throws -> Int {
    let batch = try await self.claimCharges(limit: self.settings.chargeBatchSize)
    guard !batch.isEmpty else { return 0 }
    let refused: [BillingRefusal]
    do {
      refused = try await self.send(batch, to: billing)
    } catch {
      // Billing did not answer (or this replica lost its database): what is still pending is
      // released at once for the next round rather than held for the claim's minute.
      try? await self.releaseClaims(batch.map(\.recordID))
      throw error
    }
    let refusedIDs = Set(refused.map(\.charge.recordID))
    try await self.markPosted(batch.map(\.recordID).filter { !refusedIDs.contains($0) })
    for refusal in refused {
      try await self.markRefused(refusal.charge.recordID, reason: refusal.reason)
      self.refusedCounter.increment()
    }
    return batch.count
  }

  /// Posts `charges` in one PostCharges call. One bad charge refuses the whole call, so a
  /// refused call is split in halves, each posted again the same way: the charges Billing takes
  /// go in a few calls, and each bad one is found alone in about 2·log₂(n) calls rather than one
  /// call per charge (501 for one bad charge among 500, each a chance for a busy Billing to time
  /// out and send the whole chunk round again). Returns those Billing refused; throws when
  /// Billing did not answer.
  func send(_ charges: [PendingCharge], to billing: ServiceClient) async throws -> [BillingRefusal] {
    guard !charges.isEmpty else { return [] }
    do {
      _ = try await billing.call(BillingContract.postCharges, self.request(for: charges), idempotent: true)
      return []
    } catch let error as RPCError where error.isRefusalOfContent {
      guard charges.count > 1 else {
        let charge = charges[0]
        self.logger.error(
          "Billing refused a usage charge",
          metadata: ["record": "\(charge.recordID)", "reason": "\(error.refusalText)"])
        return [BillingRefusal(charge: charge, reason: error.refusalText)]
      }
      let middle = charges.count / 2
      let refusedFirst = try await self.send(Array(charges[..<middle]), to: billing)
      return try await refusedFirst + self.send(Array(charges[middle...]), to: billing)
    }
  }

  func request(for charges: [PendingCharge]) -> PostChargesRequest {
    PostChargesRequest(
      charges: charges.map { charge in
        UsageCharge(
          usageID: charge.recordID, accountNumber: charge.accountNumber,
          amount: ExactDecimal(units: charge.amountMinor, scale: 2),
          serviceCode: self.billedServiceCode(charge.serviceCode),
          subscriptionID: "", date: nil, comment: charge.comment)
      })
  }

  /// The service code a charge is posted under: its own (calls), or `usageServiceCode` (SIM
  /// usage, stored without one).
  func billedServiceCode(_ stored: String) -> String {
    stored.isEmpty ? self.settings.usageServiceCode : stored
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
        RETURNING c.record_id, c.account_number, c.amount_minor, c.currency, c.service_code, c.comment
        """, logger: self.logger
      ).decode((String, String, Int64, String, String, String).self).collect().map {
        PendingCharge(
          recordID: $0.0, accountNumber: $0.1, amountMinor: $0.2, currency: $0.3, serviceCode: $0.4, comment: $0.5)
      }
    }
  }

  func markPosted(_ ids: [String]) async throws {
    guard !ids.isEmpty else { return }
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
    try await self.database.transaction { connection in
      try await connection.query(
        """
        UPDATE usage_charges SET status = 'refused', reason = \(reason), refused_at = \(self.now), claimed_until = NULL
        WHERE record_id = \(id) AND status = 'pending'
        """, logger: self.logger)
    }
  }
}
