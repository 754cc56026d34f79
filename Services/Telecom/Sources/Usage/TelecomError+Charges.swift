import GRPCCore

/// Refusals of the refused-charge methods (docs/telecom.md, "Charges Billing refused").
extension TelecomError {
  /// Billing charges an account in its own currency, so an amount cannot move to an account of
  /// another currency.
  static func repostCurrencyMismatch(charge: String, currency: String, account: BillingAccountFacts) -> TelecomError {
    TelecomError(
      code: .failedPrecondition, reason: "CHARGE_CURRENCY_MISMATCH",
      message:
        "Charge \(charge) is in \(currency) and account \(account.number) in \(account.currency); a charge moves "
        + "only to an account of its currency. Nothing was sent.")
  }
}
