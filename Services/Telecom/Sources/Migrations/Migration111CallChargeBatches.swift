import Storage

extension TelecomMigrations {
  /// The call charges' outbox as one row per stored batch instead of one per call
  /// (docs/telecom.md, "Call records"): a batch of 10,000 calls wrote ~8,000 outbox rows, each
  /// with two index entries and two later updates, and the posted ones were never removed. Call
  /// charges still pending in `usage_charges` from before are posted from there as before.
  static let v111CallChargeBatches = Migration(
    111,
    "Call charge batches",
    """
    -- The charges of one stored batch of calls, in arrays of equal length, posted to Billing in
    -- order: `posted` counts those done (charged, or set aside in usage_charges as refused). A
    -- batch is deleted once all are done; its calls keep their charge in call_records.
    CREATE TABLE call_charge_batches (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      created_at timestamptz NOT NULL,
      record_ids text[] NOT NULL,
      account_numbers text[] NOT NULL,
      amounts_minor bigint[] NOT NULL,
      currencies text[] NOT NULL,
      service_codes text[] NOT NULL,
      comments text[] NOT NULL,
      charges integer NOT NULL CHECK (charges > 0),
      posted integer NOT NULL DEFAULT 0 CHECK (posted >= 0 AND posted <= charges),
      attempts integer NOT NULL DEFAULT 0,
      claimed_until timestamptz,
      CHECK (cardinality(record_ids) = charges AND cardinality(account_numbers) = charges
             AND cardinality(amounts_minor) = charges AND cardinality(currencies) = charges
             AND cardinality(service_codes) = charges
             AND cardinality(comments) = charges)
    )
    """
  )
}
