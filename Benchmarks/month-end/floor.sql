-- The floor for month-end (docs/BENCHMARKS.md, Month-end): the invoices and lines the 1 June
-- 2026 cycle issues for May, written by hand-made set-based SQL — the least work the database
-- must do for them. Same rows as Billing writes: numbers NCR-0001… in account order, the
-- contract currency with the central bank's rate and local amount where the country's
-- currency differs (rate rounded half-up to 4 decimals, amount half-up to the minor unit), due
-- dates per country (given: the calendar is Billing's Swift code), one line per service at the
-- VAT rate in force on 31 May.
-- psql -v due_ru=2026-06-08 -v due_kz=2026-06-08 -f floor.sql  (Benchmarks/month-end/run.sh runs it)
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE month_lines ON COMMIT DROP AS
SELECT e.account_id, e.service_code, COALESCE(max(s.name), '') AS name, -sum(e.amount_minor) AS amount
FROM ledger_entries e
LEFT JOIN ledger_entries o ON o.id = e.reverses_entry_id
LEFT JOIN catalogue_services s ON s.code = e.service_code
WHERE e.value_date BETWEEN date '2026-05-01' AND date '2026-05-31'
  AND (e.kind IN ('charge', 'discount', 'correction') OR (e.kind = 'reversal' AND o.kind IN ('charge', 'discount', 'correction')))
GROUP BY e.account_id, e.service_code;

CREATE TEMP TABLE month_invoices ON COMMIT DROP AS
WITH totals AS (
  SELECT l.account_id, sum(l.amount)::bigint AS total FROM month_lines l GROUP BY l.account_id HAVING sum(l.amount) > 0
), priced AS (
  SELECT t.account_id, t.total, a.seq, a.currency, c.country,
         CASE WHEN c.country = 'RU' AND a.currency <> 'RUB' THEN 'RUB'
              WHEN c.country = 'KZ' AND a.currency <> 'KZT' THEN 'KZT' END AS local,
         r.on_date AS rate_date,
         -- The rate half-up to 4 decimals, as units of scale 4.
         round(r.rate_units::numeric / 10::numeric ^ (r.rate_scale - 4))::bigint AS rate4
  FROM totals t JOIN accounts a ON a.id = t.account_id JOIN customers c ON c.id = a.customer_id
  LEFT JOIN LATERAL (
    SELECT x.on_date, x.rate_units, x.rate_scale FROM exchange_rates x
    WHERE x.quote_currency = CASE c.country WHEN 'RU' THEN 'RUB' ELSE 'KZT' END AND x.currency = a.currency
      AND x.on_date <= date '2026-06-01'
    ORDER BY x.on_date DESC LIMIT 1) r ON true
  WHERE a.status <> 'closed'
)
SELECT p.*, row_number() OVER (ORDER BY p.seq) AS n FROM priced p
WHERE p.local IS NULL OR p.rate4 IS NOT NULL;  -- without a rate an account is not invoiced

INSERT INTO invoices (number, account_id, amount_minor, issued_on, created_at, kind, period_start, period_end, currency,
                      local_currency, rate_units, rate_scale, rate_date, local_amount_minor, due_on)
SELECT 'NCR-' || CASE WHEN m.n >= 1000 THEN m.n::text ELSE lpad(m.n::text, 4, '0') END,  -- lpad would cut longer numbers
       m.account_id, m.total, date '2026-06-01', now(), 'monthly',
       date '2026-05-01', date '2026-05-31', m.currency, COALESCE(m.local, ''),
       CASE WHEN m.local IS NOT NULL THEN m.rate4 END, CASE WHEN m.local IS NOT NULL THEN 4 END,
       CASE WHEN m.local IS NOT NULL THEN m.rate_date END,
       -- Both currencies have two minor digits here: total × rate, half-up once.
       CASE WHEN m.local IS NOT NULL THEN round(m.total::numeric * m.rate4 / 10000)::bigint END,
       CASE m.country WHEN 'RU' THEN date :'due_ru' WHEN 'KZ' THEN date :'due_kz' ELSE date :'due_ru' END
FROM month_invoices m;

INSERT INTO invoice_lines (invoice_id, service_code, description, amount_minor, vat_rate_hundredths)
SELECT i.id, l.service_code,
       CASE WHEN l.name <> '' THEN l.name WHEN l.service_code <> '' THEN l.service_code ELSE 'Прочие начисления' END,
       l.amount,
       (SELECT v.rate_hundredths FROM vat_rates v WHERE v.country = c.country AND v.effective_from <= date '2026-05-31'
        ORDER BY v.effective_from DESC LIMIT 1)
FROM month_lines l
JOIN invoices i ON i.account_id = l.account_id AND i.kind = 'monthly' AND i.period_start = date '2026-05-01'
JOIN accounts a ON a.id = l.account_id JOIN customers c ON c.id = a.customer_id
WHERE l.amount <> 0;

INSERT INTO invoice_counters (series, next) SELECT 'NCR', count(*) + 1 FROM month_invoices
ON CONFLICT (series) DO UPDATE SET next = EXCLUDED.next;
COMMIT;
