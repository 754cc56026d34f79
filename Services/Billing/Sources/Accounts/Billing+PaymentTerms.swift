import BillingAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

extension Billing {
  /// Changes an account's payment mode, credit limit and critical-balance threshold. Becoming
  /// postpaid records the day (that month's end does not check it: seed 003 §3.5.8); becoming
  /// prepaid drops the credit and its month-end checks.
  func setPaymentTerms(_ request: SetPaymentTermsRequest, caller: Caller) async throws -> Account {
    try await self.database.transaction { connection in
      let account = try self.visible(
        try await self.account(.number(request.number), forUpdate: true, on: connection), to: caller,
        with: BillingPermission.accountsManage)
      guard account.status != .closed else { throw BillingError.accountClosed }
      var checks = FieldChecks()
      let (limit, critical) = checks.paymentTerms(
        request.paymentMode, creditLimit: request.creditLimit, criticalBalance: request.criticalBalance,
        currency: account.currency,
        limits: self.settings.amountLimits)
      try checks.check()
      let since: CalendarDate? = request.paymentMode == .postpaid ? (account.postpaidSince ?? self.today) : nil
      try await connection.query(
        """
        UPDATE accounts SET payment_mode = \(request.paymentMode.column), credit_limit_minor = \(limit), critical_balance_minor = \(critical),
          postpaid_since = \(since), credit_closed_on = CASE WHEN \(since)::date IS NULL THEN NULL ELSE credit_closed_on END
        WHERE id = \(account.id)
        """, logger: self.logger)
      guard let updated = try await self.account(.id(account.id), on: connection) else {
        throw BillingError.accountNotFound
      }
      return updated.message
    }
  }
}
