import Storage

extension UtilitiesMigrations {
  /// Companies whose registration Identity confirmed (identity.company.confirmed), kept so a
  /// contract opened here later still learns its organization and notice preference.
  static let v102ConfirmedCompanies = Migration(
    102,
    "confirmed companies",
    """
    CREATE TABLE confirmed_companies (
      contract_number text PRIMARY KEY,
      organization_id uuid NOT NULL,
      email text NOT NULL,
      invoices_by_email boolean NOT NULL,
      confirmed_at timestamptz NOT NULL
    )
    """
  )
}
