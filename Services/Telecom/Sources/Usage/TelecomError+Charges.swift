import GRPCCore

/// Refusals of the refused-charge methods (docs/telecom.md, "Charges Billing refused").
extension TelecomError {
  /// Some ids are not charges Billing refused: unknown, posted, or already sent again (by
  /// someone else a moment before). Nothing of the request was done.
  static func chargesNotRefused(_ ids: [String]) -> TelecomError {
    let shown = ids.prefix(3).joined(separator: ", ") + (ids.count > 3 ? ", …" : "")
    return TelecomError(
      code: .failedPrecondition, reason: "CHARGES_NOT_REFUSED",
      message:
        "\(ids.count) of these usage ids are not charges Billing refused (\(shown)): unknown, posted, or already "
        + "sent again. Nothing was sent; list the refused charges and try again.")
  }

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
