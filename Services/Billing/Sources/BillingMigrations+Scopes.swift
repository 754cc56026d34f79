import Storage

extension BillingMigrations {
  /// Idempotency keys are scoped per caller (docs/billing.md, "Idempotency"). Rows posted
  /// before carry the scope `legacy` (keys callers chose) or `system` (keys Billing derives
  /// itself); a caller's retry across the upgrade still finds its `legacy` row.
  static let idempotencyScopes = Migration(
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

  /// The daily cycle's per-item failures, kept until a later run succeeds for the item.
  static let cycleFailures = Migration(
    112, "daily cycle failures and the latest day run",
    """
    CREATE TABLE cycle_failures (
      id bigserial PRIMARY KEY,
      step text NOT NULL,
      item_id uuid NOT NULL,
      account_number text NOT NULL DEFAULT '',
      for_date date NOT NULL,
      reason text NOT NULL,
      message text NOT NULL,
      attempts integer NOT NULL DEFAULT 1,
      first_failed_at timestamptz NOT NULL,
      last_failed_at timestamptz NOT NULL,
      resolved_at timestamptz
    )
    """,
    "CREATE UNIQUE INDEX cycle_failures_open ON cycle_failures (step, item_id) WHERE resolved_at IS NULL",
    "CREATE TABLE cycle_state (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), latest_day date NOT NULL)"
  )

  /// Contact phones in E.164 for search (seed 003 §1.1: find a customer by phone).
  static let contactPhones = Migration(
    113, "customers' contact phones normalized for search",
    "ALTER TABLE customers ADD COLUMN phone_e164 text NOT NULL DEFAULT ''",
    // The same rules as PhoneNumber.e164, for the rows already there.
    #"""
    UPDATE customers SET phone_e164 = CASE
        WHEN n.d ~ '^\+[1-9][0-9]{7,14}$' THEN n.d
        WHEN n.d ~ '^00[1-9][0-9]{7,14}$' THEN '+' || substr(n.d, 3)
        WHEN n.d ~ '^810[1-9][0-9]{8,14}$' THEN '+' || substr(n.d, 4)
        WHEN n.d ~ '^[78][0-9]{10}$' THEN '+7' || substr(n.d, 2)
        WHEN n.d ~ '^[0-9]{10}$' THEN '+7' || n.d
        ELSE '' END
    FROM (SELECT id, regexp_replace(phone, '[ ().\-]', '', 'g') AS d FROM customers) n
    WHERE n.id = customers.id AND customers.phone <> ''
    """#,
    "CREATE INDEX customers_phone ON customers (phone_e164) WHERE phone_e164 <> ''"
  )
}
