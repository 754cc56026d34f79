/// Billing's reference data, pure and database-free:
///
/// - `BusinessCalendar` — RU and KZ production calendars (shipped in `Calendars/`), with staff
///   overrides on top, for payment windows counted in business days;
/// - `BankOfRussiaRates` and `NationalBankOfKazakhstanRates` — the central banks' daily rate
///   files, read into exact per-unit `OfficialRates`.
public enum BillingReferenceData {}
