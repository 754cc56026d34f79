import Storage

extension BillingMigrations {
  /// VAT: a dated rate table per country with its history, whether a tariff's price includes
  /// VAT, and the rate each document line was issued with (docs/billing.md, "VAT").
  static let v114VatRates = Migration(
    114, "dated VAT rates, tariffs with or without VAT, the VAT rate of every document line",
    """
    CREATE TABLE vat_rates (
      country text NOT NULL CHECK (country IN ('RU', 'KZ', 'other')),
      effective_from date NOT NULL,
      rate_hundredths integer NOT NULL CHECK (rate_hundredths BETWEEN 0 AND 10000),
      reason text NOT NULL,
      set_by text NOT NULL,
      set_at timestamptz NOT NULL,
      PRIMARY KEY (country, effective_from)
    )
    """,
    """
    CREATE TABLE vat_rate_changes (
      id bigserial PRIMARY KEY,
      country text NOT NULL,
      effective_from date NOT NULL,
      old_rate_hundredths integer,
      new_rate_hundredths integer NOT NULL,
      reason text NOT NULL,
      changed_by text NOT NULL,
      changed_at timestamptz NOT NULL
    )
    """,
    "CREATE INDEX vat_rate_changes_country ON vat_rate_changes (country, id)",
    // The shipped rates; each is also the first entry of its history. Sources: docs/billing.md.
    """
    INSERT INTO vat_rates (country, effective_from, rate_hundredths, reason, set_by, set_at) VALUES
      ('RU', '2019-01-01', 2000, 'Tax Code of the RF art. 164 p. 3 (20 % since 2019)', 'migration 114', now()),
      ('RU', '2026-01-01', 2200, 'Federal Law No. 425-FZ of 28.11.2025 (22 % from 2026-01-01)', 'migration 114', now()),
      ('KZ', '2009-01-01', 1200, 'Tax Code of the RK of 10.12.2008, in force from 2009-01-01 (12 %)', 'migration 114', now()),
      ('KZ', '2026-01-01', 1600, 'Tax Code of the RK of 18.07.2025 No. 214-VIII (16 % from 2026-01-01)', 'migration 114', now()),
      ('other', '1970-01-01', 0, 'no VAT outside RU and KZ', 'migration 114', now())
    """,
    """
    INSERT INTO vat_rate_changes (country, effective_from, old_rate_hundredths, new_rate_hundredths, reason, changed_by, changed_at)
    SELECT country, effective_from, NULL, rate_hundredths, reason, set_by, set_at FROM vat_rates ORDER BY country, effective_from
    """,
    // Today's meaning: a price is what the customer pays, VAT included.
    "ALTER TABLE tariffs ADD COLUMN price_includes_vat boolean NOT NULL DEFAULT true",
    // Lines issued before VAT was tracked get the rate in force on their date of supply (the
    // period's last day, else the issue date) for the customer's country; 0 where none is known.
    "ALTER TABLE invoice_lines ADD COLUMN vat_rate_hundredths integer CHECK (vat_rate_hundredths BETWEEN 0 AND 10000)",
    """
    UPDATE invoice_lines l SET vat_rate_hundredths = COALESCE((
        SELECT r.rate_hundredths FROM vat_rates r
        WHERE r.country = c.country AND r.effective_from <= COALESCE(i.period_end, i.issued_on)
        ORDER BY r.effective_from DESC LIMIT 1), 0)
    FROM invoices i JOIN accounts a ON a.id = i.account_id JOIN customers c ON c.id = a.customer_id
    WHERE i.id = l.invoice_id
    """,
    "ALTER TABLE invoice_lines ALTER COLUMN vat_rate_hundredths SET NOT NULL",
    "ALTER TABLE acts ADD COLUMN vat_rate_hundredths integer CHECK (vat_rate_hundredths BETWEEN 0 AND 10000)",
    """
    UPDATE acts t SET vat_rate_hundredths = COALESCE((
        SELECT r.rate_hundredths FROM vat_rates r
        WHERE r.country = c.country AND r.effective_from <= t.issued_on ORDER BY r.effective_from DESC LIMIT 1), 0)
    FROM accounts a JOIN customers c ON c.id = a.customer_id
    WHERE a.id = t.account_id
    """,
    "ALTER TABLE acts ALTER COLUMN vat_rate_hundredths SET NOT NULL",
    // A correction keeps the rate of the line it corrects: the corrected invoice's date of supply.
    "ALTER TABLE correction_lines ADD COLUMN vat_rate_hundredths integer CHECK (vat_rate_hundredths BETWEEN 0 AND 10000)",
    """
    UPDATE correction_lines l SET vat_rate_hundredths = COALESCE((
        SELECT max(il.vat_rate_hundredths) FROM invoice_lines il WHERE il.invoice_id = k.invoice_id AND il.service_code = l.service_code), 0)
    FROM corrections k WHERE k.id = l.correction_id
    """,
    "ALTER TABLE correction_lines ALTER COLUMN vat_rate_hundredths SET NOT NULL"
  )
}
