public import RPC

/// What Billing publishes on its event feed (`abonent.billing.Events/Subscribe`).
public enum BillingEvents {
  public static let accountBlocked = EventType<AccountBlockEvent>(
    "billing", "account", "blocked",
    doc: "An account was blocked (by staff or by collections): services stop serving it.")
  public static let accountUnblocked = EventType<AccountBlockEvent>(
    "billing", "account", "unblocked", doc: "An account was unblocked: services serve it again.")
  public static let paymentCredited = EventType<LedgerEntry>(
    "billing", "payment", "credited", doc: "A payment from a bank was credited to an account.")
  public static let invoiceReminder = EventType<InvoiceReminderEvent>(
    "billing", "invoice", "reminder", doc: "The in-app notification of an unpaid invoice (business days 3 and 5).")
  public static let invoiceIssued = EventType<InvoiceIssuedEvent>(
    "billing", "invoice", "issued", doc: "A monthly invoice was issued: the cabinet shows it, services may notify.")
  public static let subscriptionChanged = EventType<Subscription>(
    "billing", "subscription", "changed",
    doc: "A subscription was created, activated, suspended, resumed or closed: the subscription as it now is.")

  /// Every event type of the feed.
  public static let allNames: [String] = [
    accountBlocked.name, accountUnblocked.name, paymentCredited.name, invoiceReminder.name, invoiceIssued.name,
    subscriptionChanged.name,
  ]
}
