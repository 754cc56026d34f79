import Storage

extension BillingMigrations {
  /// Contact phones in E.164 for search (seed 003 §1.1: find a customer by phone).
  static let v113ContactPhones = Migration(
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
