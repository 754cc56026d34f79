import Storage

/// Billing's schema. Versions from 100 (below are the platform's tables). Money columns are
/// bigint minor units of the row's currency.
enum BillingMigrations {
  /// In version order; each version in its own file, `MigrationNNN<What>.swift`.
  static let all = [
    v100Customers,
    v101Accounts,
    v102Ledger,
    v103InvoicesAndSuspense,
    v104CatalogueAndSubscriptions,
    v105Autopayment,
    v106RatesCalendarsMonthlyInvoices,
    v107PostpaidCreditAndNotices,
    v108Corrections,
    v109Commissions,
    v110PrepaymentInvoicesAndActs,
    v111IdempotencyScopes,
    v112CycleFailures,
    v113ContactPhones,
    v114VatRates,
    v115AutopayAttemptState,
    v116PerAccountIndexes,
    v117CollectionsDriver,
    v118PaymentsToCredit,
    v119AccountsFillFactor,
  ]
}
