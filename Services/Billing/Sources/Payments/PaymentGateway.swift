public import WireCodec

/// The acquirer that charges stored cards for autopayment. Billing ships no implementation:
/// an operator plugs in their acquirer's, and the tests plug in one that answers as told.
/// An implementation must honour `idempotencyKey`: Billing repeats a charge with the same key
/// when it cannot know whether the first attempt went through (a crash after the call), and
/// expects the first charge's outcome back rather than a second charge.
///
/// Billing calls it outside any database transaction (docs/billing.md, Autopayment), so a
/// slow acquirer holds up nothing else; it should still answer (or throw) well within the job
/// lease (`ABONENT_JOBS_LEASE`, 5 min), or another replica asks again with the same key while
/// the first call is still waiting.
public protocol PaymentGateway: Sendable {
  func charge(_ charge: CardCharge) async throws -> CardChargeOutcome
}

/// One charge of a stored card.
public struct CardCharge: Sendable, Hashable {
  public var cardToken: String
  public var amount: ExactDecimal
  public var currency: String
  public var idempotencyKey: String
  public var description: String

  public init(cardToken: String, amount: ExactDecimal, currency: String, idempotencyKey: String, description: String) {
    self.cardToken = cardToken
    self.amount = amount
    self.currency = currency
    self.idempotencyKey = idempotencyKey
    self.description = description
  }
}

/// The acquirer's answer. Anything else (network failure, timeout) is thrown and retried.
public enum CardChargeOutcome: Sendable, Hashable {
  case approved(reference: String)
  case declined(reason: String)
  /// Card schemes forbid retrying these: Billing switches autopayment off.
  case insufficientFunds
}
