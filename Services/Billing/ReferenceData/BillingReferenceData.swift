/// Billing's reference data: production calendars and central-bank exchange-rate files.
public enum BillingReferenceData {}
