public import RPC

/// Billing's permissions (docs/contributing.md, "Permissions"; docs/billing.md lists which
/// method needs which). Identity's catalogue ships them; its roles grant them.
public enum BillingPermission {
  static func billing(_ resource: String, _ verb: String, _ doc: String) -> Permission {
    Permission("billing", resource, verb, doc: doc)
  }

  public static let customersRead = billing("customers", "read", "See customers")
  public static let customersManage = billing("customers", "manage", "Create and change customers")
  public static let customersVerify = billing(
    "customers", "verify", "Check that a tax id holds a contract or account (service accounts)")
  public static let accountsRead = billing("accounts", "read", "See personal accounts, balances and transactions")
  public static let accountsManage = billing("accounts", "manage", "Open and change personal accounts")
  public static let accountsBlock = billing("accounts", "block", "Block and unblock personal accounts")
  public static let paymentsPost = billing("payments", "post", "Post payments and import bank statements")
  public static let topupsCreate = billing("topups", "create", "Credit an account virtually (top-up)")
  public static let chargesPost = billing("charges", "post", "Post charges and discounts (services posting usage)")
  public static let entriesReverse = billing("entries", "reverse", "Reverse a ledger entry")
  public static let suspenseRead = billing("suspense", "read", "See unmatched bank payments")
  public static let suspenseAssign = billing("suspense", "assign", "Assign an unmatched bank payment to an account")
  public static let invoicesManage = billing("invoices", "manage", "Issue invoices")
  public static let invoicesRequest = billing(
    "invoices", "request", "Request a prepayment invoice for a service (customers' «create document»)")
  public static let invoicesRead = billing("invoices", "read", "See invoices and documents")
  public static let invoicesCorrect = billing("invoices", "correct", "Correct invoices (credit and debit notes)")
  public static let eventsRead = billing("events", "read", "Read Billing's event feed")
  public static let catalogueRead = billing("catalogue", "read", "See the services catalogue and tariffs")
  public static let catalogueManage = billing("catalogue", "manage", "Add services and tariffs to the catalogue")
  public static let subscriptionsManage = billing(
    "subscriptions", "manage", "Create, plan, activate, suspend and close subscriptions")
  public static let autopayManage = billing("autopay", "manage", "Set up autopayment by card")
  public static let cyclesRun = billing("cycles", "run", "Run Billing's daily cycle for a given day (operations)")
  public static let ratesManage = billing("rates", "manage", "Set and import central-bank exchange rates")
  public static let vatRatesManage = billing("vat_rates", "manage", "Set the dated VAT rates per country")
  public static let calendarsManage = billing(
    "calendars", "manage", "Edit the production calendars (holidays, transferred working days)")
  public static let commissionsRead = billing(
    "commissions", "read", "See partner commission reports and scale histories")
  public static let commissionsManage = billing(
    "commissions", "manage", "Register partners, create commission scales and bind them")

  /// Every Billing permission, in catalogue order.
  public static let all: [Permission] = [
    customersRead, customersManage, customersVerify, accountsRead, accountsManage, accountsBlock, paymentsPost,
    topupsCreate, chargesPost, entriesReverse, suspenseRead, suspenseAssign, invoicesManage, invoicesRequest,
    invoicesRead, invoicesCorrect, eventsRead, catalogueRead, catalogueManage, subscriptionsManage, autopayManage,
    cyclesRun, ratesManage, vatRatesManage, calendarsManage, commissionsRead, commissionsManage,
  ]
}
