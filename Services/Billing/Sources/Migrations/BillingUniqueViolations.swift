import Storage

extension BillingMigrations {
  /// What a violation of each of Billing's unique constraints means to a caller (the names
  /// are the constraints and unique indexes the migrations create).
  static let uniqueViolations = UniqueViolations([
    "customers_contract": BillingError.contractTaken,
    "accounts_number": BillingError.accountNumberTaken,
    "catalogue_services_pkey": BillingError.serviceCodeTaken,
    "tariffs_service_code_country_name_key": BillingError.tariffNameTaken,
    "invoices_number_key": BillingError.invoiceNumberTaken,
  ])
}
