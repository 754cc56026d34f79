import Storage

extension BillingMigrations {
  /// Idempotency keys are scoped per caller (docs/billing.md, "Idempotency"). Rows posted
  /// before carry the scope `legacy` (keys callers chose) or `system` (keys Billing derives
  /// itself); a caller's retry across the upgrade still finds its `legacy` row.
  static let v111IdempotencyScopes = Migration(
    111, "idempotency keys scoped per caller",
    "ALTER TABLE ledger_entries ADD COLUMN idempotency_scope text NOT NULL DEFAULT 'legacy'",
    """
    UPDATE ledger_entries SET idempotency_scope = 'system'
    WHERE idempotency_key LIKE 'subscription:%' OR idempotency_key LIKE 'bank:%' OR idempotency_key LIKE 'autopay:%'
       OR idempotency_key LIKE 'correction-reversal:%' OR idempotency_key LIKE 'credit-closure:%'
    """,
    "ALTER TABLE ledger_entries ALTER COLUMN idempotency_scope DROP DEFAULT",
    "DROP INDEX ledger_idempotency",
    "CREATE UNIQUE INDEX ledger_idempotency ON ledger_entries (idempotency_scope, idempotency_key)",
    "UPDATE invoices SET request_key = 'legacy|' || request_key WHERE request_key IS NOT NULL"
  )
}
