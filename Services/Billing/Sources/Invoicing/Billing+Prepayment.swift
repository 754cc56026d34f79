import BillingAPI
import BillingRules
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// On-demand prepayment invoices (the TaxiMaster «create document»): the customer picks a
/// service, optionally a tariff, and an amount; the invoice appears in their documents. Payments
/// are credited to it like to monthly invoices (it is never chased: no reminders, no block),
/// and every amount credited to it gets an act of services rendered.
extension Billing {
  func requestPrepaymentInvoice(_ request: RequestPrepaymentInvoiceRequest, caller: Caller) async throws -> Invoice {
    var checks = FieldChecks()
    checks.idempotencyKey(request.idempotencyKey)
    checks.serviceCode(request.serviceCode, field: "serviceCode")
    try checks.check()
    return try await self.database.transaction { connection in
      let account = try self.visible(
        try await self.account(.number(request.accountNumber), forUpdate: true, on: connection), to: caller,
        with: BillingPermission.invoicesRequest)
      // Keys are scoped per caller; one from before scoping (`legacy|…`) is still a retry.
      let accountKey = "\(account.id.uuidString.lowercased()):\(request.idempotencyKey)"
      let key = "\(self.idempotencyScope(of: caller))|\(accountKey)"
      if let number = try await connection.query(
        "SELECT number FROM invoices WHERE request_key = ANY(\([key, "legacy|\(accountKey)"])) ORDER BY id LIMIT 1",
        logger: self.logger
      )
      .decode(String.self).collect().first {
        return try await self.invoice(number, caller: caller, on: connection).0.message
      }
      guard account.status != .closed else { throw BillingError.accountClosed }
      var amountChecks = FieldChecks()
      let amount = amountChecks.amount(request.amount, currency: account.currency, limits: self.settings.amountLimits)
      try amountChecks.check()
      let description = try await self.prepaymentDescription(request, currency: account.currency, on: connection)
      // A prepayment invoice is dated and supplied today: today's VAT rate of the customer's country.
      let vatRate = try await self.vatRate(
        country: try await self.vatCountry(of: account, on: connection), on: self.today, on: connection)
      let number = try await self.nextInvoiceNumber(on: connection)
      let id = try await connection.query(
        """
        INSERT INTO invoices (number, account_id, amount_minor, issued_on, created_at, kind, currency, request_key)
        VALUES (\(number), \(account.id), \(amount), \(self.today), \(self.now), 'prepayment', \(account.currency), \(key))
        RETURNING id
        """, logger: self.logger
      ).decode(Int64.self).collect()[0]
      try await connection.query(
        """
        INSERT INTO invoice_lines (invoice_id, service_code, description, amount_minor, vat_rate_hundredths)
        VALUES (\(id), \(request.serviceCode), \(description), \(amount), \(Int32(vatRate.hundredths)))
        """, logger: self.logger)
      return try await self.invoice(number, caller: caller, on: connection).0.message
    }
  }

  /// «Предоплата: <service> — <tariff>», once the service (and the tariff, if given: of that
  /// service, in the account's currency) are found.
  func prepaymentDescription(
    _ request: RequestPrepaymentInvoiceRequest, currency: String, on connection: PostgresConnection
  ) async throws -> String {
    guard
      let service = try await connection.query(
        "SELECT name FROM catalogue_services WHERE code = \(request.serviceCode)", logger: self.logger
      ).decode(String.self).collect().first
    else { throw BillingError.serviceNotFound }
    guard !request.tariffID.isEmpty else { return "Предоплата: \(service)" }
    let tariff = try await connection.query(
      """
      SELECT name, currency FROM tariffs WHERE id::text = \(request.tariffID) AND service_code = \(request.serviceCode)
      """, logger: self.logger
    ).decode((String, String).self).collect().first
    guard let (name, tariffCurrency) = tariff else { throw BillingError.tariffNotFound }
    var checks = FieldChecks()
    if tariffCurrency != currency {
      checks.add(
        "tariffID", "CURRENCY_MISMATCH",
        "The tariff is priced in \(tariffCurrency), the account is kept in \(currency).")
    }
    try checks.check()
    return "Предоплата: \(service) — \(name)"
  }
}
