-- Month-end benchmark data (docs/BENCHMARKS.md, Month-end): :accounts accounts across Russia
-- and Kazakhstan with RUB, KZT and EUR contracts, :charges charges each in May 2026 over three
-- services, and :history earlier months of the same (invoiced and paid), written set-based.
-- psql -v accounts=100000 -v charges=30 -v history=0 -f seed.sql
\set ON_ERROR_STOP on
INSERT INTO catalogue_services (code, name, created_at) VALUES
  ('telephony', 'Телефония', now()), ('internet', 'Интернет', now()), ('sms', 'SMS', now())
ON CONFLICT DO NOTHING;

INSERT INTO exchange_rates (quote_currency, currency, on_date, rate_units, rate_scale, source, set_at) VALUES
  ('RUB', 'EUR', date '2026-05-29', 9412345, 5, 'bench', now()),
  ('RUB', 'KZT', date '2026-05-29', 165432, 6, 'bench', now()),
  ('KZT', 'EUR', date '2026-05-29', 56789012, 5, 'bench', now()),
  ('KZT', 'RUB', date '2026-05-29', 6044921, 6, 'bench', now())
ON CONFLICT DO NOTHING;

-- Even accounts are Russian, odd ones Kazakh; contracts in the local currency mostly, every
-- fifth in EUR and every seventh in the other country's currency.
INSERT INTO customers (id, kind, name, contract_number, country, created_at)
SELECT gen_random_uuid(), 'legal_entity', 'ООО «Нагрузка ' || n || '»', 'ME-' || n,
       CASE WHEN n % 2 = 0 THEN 'RU' ELSE 'KZ' END, now()
FROM generate_series(1, :accounts) n;

INSERT INTO accounts (id, number, customer_id, currency, payment_mode, created_at)
SELECT gen_random_uuid(), 'ME' || lpad(c.seq::text, 9, '0'), c.id,
       CASE WHEN c.seq % 5 = 0 THEN 'EUR'
            WHEN c.seq % 7 = 0 THEN (CASE c.country WHEN 'RU' THEN 'KZT' ELSE 'RUB' END)
            ELSE (CASE c.country WHEN 'RU' THEN 'RUB' ELSE 'KZT' END) END,
       'prepaid', now()
FROM customers c WHERE c.contract_number LIKE 'ME-%';

-- :charges charges per account per month, for May 2026 and :history months before it
-- (history 0: May alone), written in time order — month by month, day by day, all accounts'
-- charges of a day together — as a running Billing appends them to its append-only ledger.
-- (Without an order the rows came out in whatever order the planner joined the series, which
-- decides how many pages one account's month is spread over.)
INSERT INTO ledger_entries (account_id, kind, amount_minor, balance_after_minor, currency, value_date, service_code,
                            source, idempotency_key, idempotency_scope, fingerprint, actor, posted_at)
SELECT a.id, 'charge', -(100 + (a.seq * 7 + k * 13) % 5000), 0, a.currency,
       (date '2026-05-01' - make_interval(months => m))::date + (k % 28),
       (ARRAY['telephony', 'internet', 'sms'])[1 + k % 3], 'bench',
       'me:' || a.seq || ':' || m || ':' || k, 'bench', '', 'bench', now()
FROM accounts a, generate_series(0, :history) m, generate_series(1, :charges) k
WHERE a.number LIKE 'ME%'
ORDER BY m DESC, k % 28, a.seq, k;

-- History: each earlier month invoiced (numbers outside the NCR series), paid in full five
-- days after the month by a payment, and that payment allocated to it — what 24 months of
-- running Billing leave behind.
CREATE TEMP TABLE history_months AS
SELECT e.account_id, date_trunc('month', e.value_date)::date AS period, -sum(e.amount_minor)::bigint AS total
FROM ledger_entries e WHERE e.value_date < date '2026-05-01' AND e.source = 'bench'
GROUP BY 1, 2;

INSERT INTO invoices (number, account_id, amount_minor, issued_on, created_at, kind, period_start, period_end, currency,
                      due_on, paid_minor, paid_on)
SELECT 'H' || a.seq || '-' || h.period, a.id, h.total, (h.period + interval '1 month')::date, now(), 'monthly',
       h.period, (h.period + interval '1 month' - interval '1 day')::date, a.currency,
       (h.period + interval '1 month' + interval '7 days')::date, h.total, (h.period + interval '1 month' + interval '5 days')::date
FROM history_months h JOIN accounts a ON a.id = h.account_id;

INSERT INTO ledger_entries (account_id, kind, amount_minor, balance_after_minor, currency, value_date, source,
                            idempotency_key, idempotency_scope, fingerprint, actor, posted_at)
SELECT a.id, 'payment', h.total, 0, a.currency, (h.period + interval '1 month' + interval '4 days')::date, 'bench',
       'me-pay:' || a.seq || ':' || h.period, 'bench', '', 'bench', now()
FROM history_months h JOIN accounts a ON a.id = h.account_id;

INSERT INTO invoice_allocations (invoice_id, entry_id, amount_minor, credited_on)
SELECT i.id, e.id, i.amount_minor, i.paid_on
FROM invoices i JOIN accounts a ON a.id = i.account_id
JOIN ledger_entries e ON e.idempotency_scope = 'bench' AND e.idempotency_key = 'me-pay:' || a.seq || ':' || i.period_start
WHERE i.number LIKE 'H%';

VACUUM ANALYZE;
