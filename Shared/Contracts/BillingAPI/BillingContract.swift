public import RPC

/// The public contract of the Billing service: what callers import to talk to it.
/// Reasons of the refusals and the permissions are listed in docs/billing.md.
public enum BillingContract {
  public static let serviceName = "abonent.billing.Billing"
  /// The documented default gRPC port (docs/configuration.md).
  public static let defaultPort = 7402

  static func unary<Request, Reply>(_ name: String, _ access: Access, _ doc: String) -> UnaryMethod<Request, Reply> {
    UnaryMethod(service: serviceName, name: name, access: access, doc: doc)
  }

  // Customers.
  public static let createCustomer: UnaryMethod<CreateCustomerRequest, Customer> = unary(
    "CreateCustomer", .permission("billing.customers.manage"), "Creates a customer (individual or legal entity) with a unique contract number.")
  public static let getCustomer: UnaryMethod<GetCustomerRequest, Customer> = unary(
    "GetCustomer", .permission("billing.customers.read"), "One customer (customers: their own organization's only).")
  public static let searchCustomers: UnaryMethod<SearchCustomersRequest, SearchCustomersReply> = unary(
    "SearchCustomers", .permission("billing.customers.read"),
    "Searches by account number, name with % wildcards, tax id or contract number; paged (default 100, at most 5000).")

  // Accounts.
  public static let openAccount: UnaryMethod<OpenAccountRequest, Account> = unary(
    "OpenAccount", .permission("billing.accounts.manage"), "Opens a personal account (prepaid, or postpaid with a credit limit).")
  public static let getAccount: UnaryMethod<GetAccountRequest, Account> = unary(
    "GetAccount", .permission("billing.accounts.read"), "One account with its balance (customers: their own only).")
  public static let listAccounts: UnaryMethod<ListAccountsRequest, ListAccountsReply> = unary(
    "ListAccounts", .permission("billing.accounts.read"), "A customer's accounts.")
  public static let setPaymentTerms: UnaryMethod<SetPaymentTermsRequest, Account> = unary(
    "SetPaymentTerms", .permission("billing.accounts.manage"),
    "Makes an account prepaid or postpaid and sets its credit limit and critical-balance threshold.")
  public static let blockAccount: UnaryMethod<SetAccountBlockedRequest, Account> = unary(
    "BlockAccount", .permission("billing.account.block"), "Blocks an account with a reason; publishes billing.account.blocked.")
  public static let unblockAccount: UnaryMethod<SetAccountBlockedRequest, Account> = unary(
    "UnblockAccount", .permission("billing.account.block"), "Unblocks an account; publishes billing.account.unblocked.")

  // Ledger.
  public static let postPayment: UnaryMethod<PostPaymentRequest, PostingReply> = unary(
    "PostPayment", .permission("billing.payments.post"), "Credits real money received from a bank; idempotent by key.")
  public static let topUp: UnaryMethod<TopUpRequest, PostingReply> = unary(
    "TopUp", .permission("billing.topup.create"), "Credits virtual money by staff decision; idempotent by key.")
  public static let postCharge: UnaryMethod<PostChargeRequest, PostingReply> = unary(
    "PostCharge", .permission("billing.charges.post"), "Debits a charge for a service; idempotent by key.")
  public static let postCharges: UnaryMethod<PostChargesRequest, PostChargesReply> = unary(
    "PostCharges", .permission("billing.charges.post"),
    "Debits a batch of usage charges from another service in one transaction; each usage id is charged at most once (a repeat replays it, a repeat with other content is refused).")
  public static let postDiscount: UnaryMethod<PostChargeRequest, PostingReply> = unary(
    "PostDiscount", .permission("billing.charges.post"), "Credits a discount for a service; idempotent by key.")
  public static let reverseEntry: UnaryMethod<ReverseEntryRequest, PostingReply> = unary(
    "ReverseEntry", .permission("billing.entries.reverse"), "Cancels an entry with an opposite one; an entry is reversed at most once.")
  public static let listTransactions: UnaryMethod<ListTransactionsRequest, ListTransactionsReply> = unary(
    "ListTransactions", .permission("billing.accounts.read"),
    "An account's entries by service, kind, source and period, in posting order, with totals per service.")
  public static let exportTransactions: UnaryMethod<ListTransactionsRequest, Document> = unary(
    "ExportTransactions", .permission("billing.accounts.read"),
    "An account's filtered entries as an Excel workbook (.xlsx), oldest first, at most 5000 rows.")

  // Payments in.
  public static let postBankPayment: UnaryMethod<PostBankPaymentRequest, BankLineResult> = unary(
    "PostBankPayment", .permission("billing.payments.post"),
    "Posts one bank statement line: the purpose is scanned for an account, contract or invoice number; no match goes to suspense.")
  public static let importStatement: UnaryMethod<ImportStatementRequest, ImportStatementReply> = unary(
    "ImportStatement", .permission("billing.payments.post"),
    "Imports a 1C client-bank exchange file or a CSV statement; importing the same file again credits nothing new.")
  public static let listSuspense: UnaryMethod<ListSuspenseRequest, ListSuspenseReply> = unary(
    "ListSuspense", .permission("billing.suspense.read"), "Bank payments no account could be found for, with their history.")
  public static let assignSuspense: UnaryMethod<AssignSuspenseRequest, PostingReply> = unary(
    "AssignSuspense", .permission("billing.suspense.assign"), "Credits a suspense payment to an account chosen by hand.")
  public static let issueInvoice: UnaryMethod<IssueInvoiceRequest, Invoice> = unary(
    "IssueInvoice", .permission("billing.invoices.manage"), "Records an invoice for an account, so payments quoting its number find the account.")

  // Catalogue.
  public static let createService: UnaryMethod<CreateServiceRequest, CatalogueService> = unary(
    "CreateService", .permission("billing.catalogue.manage"), "Adds a service to the catalogue.")
  public static let createTariff: UnaryMethod<CreateTariffRequest, Tariff> = unary(
    "CreateTariff", .permission("billing.catalogue.manage"), "Adds a tariff (price per period in one currency, for one country) to a service.")
  public static let listServices: UnaryMethod<ListServicesRequest, ListServicesReply> = unary(
    "ListServices", .permission("billing.catalogue.read"), "The catalogue with tariffs, optionally of one country and currency; paged.")

  // Subscriptions.
  public static let createSubscription: UnaryMethod<CreateSubscriptionRequest, Subscription> = unary(
    "CreateSubscription", .permission("billing.subscriptions.manage"),
    "Subscribes an account to a tariff; the subscription starts New, optionally with a planned activation date.")
  public static let planActivation: UnaryMethod<PlanActivationRequest, Subscription> = unary(
    "PlanActivation", .permission("billing.subscriptions.manage"),
    "Sets or clears the planned activation date of a New subscription; the date must be in the future.")
  public static let activateSubscription: UnaryMethod<ChangeSubscriptionRequest, Subscription> = unary(
    "ActivateSubscription", .permission("billing.subscriptions.manage"),
    "Activates a New subscription now, charging its first period if the balance (plus credit) covers it.")
  public static let suspendSubscription: UnaryMethod<ChangeSubscriptionRequest, Subscription> = unary(
    "SuspendSubscription", .permission("billing.subscriptions.manage"), "Suspends an Active subscription: no monthly charges while suspended.")
  public static let resumeSubscription: UnaryMethod<ChangeSubscriptionRequest, Subscription> = unary(
    "ResumeSubscription", .permission("billing.subscriptions.manage"), "Makes a Suspended subscription Active again.")
  public static let closeSubscription: UnaryMethod<ChangeSubscriptionRequest, Subscription> = unary(
    "CloseSubscription", .permission("billing.subscriptions.manage"), "Closes a subscription for good.")
  public static let listSubscriptions: UnaryMethod<ListSubscriptionsRequest, ListSubscriptionsReply> = unary(
    "ListSubscriptions", .permission("billing.accounts.read"), "An account's subscriptions, by service and status, sortable by status; paged.")
  public static let serviceBalances: UnaryMethod<ServiceBalancesRequest, ServiceBalancesReply> = unary(
    "ServiceBalances", .permission("billing.accounts.read"), "Per service of an account: the balance of its entries over a period and its subscriptions by status.")
  public static let runDailyCycle: UnaryMethod<RunDailyCycleRequest, RunDailyCycleReply> = unary(
    "RunDailyCycle", .permission("billing.cycle.run"),
    "Runs the nightly cycle (planned activations, monthly charges, invoices, collections, postpaid credit) for a day; repeating it changes nothing; a day before the latest one run is refused (CYCLE_DAY_PASSED).")
  public static let listCycleFailures: UnaryMethod<ListCycleFailuresRequest, ListCycleFailuresReply> = unary(
    "ListCycleFailures", .permission("billing.cycle.run"),
    "The daily cycle's failed items (accounts, subscriptions), with reasons: each was skipped while the others were processed; paged.")

  // Autopayment.
  public static let setAutopay: UnaryMethod<SetAutopayRequest, Autopay> = unary(
    "SetAutopay", .permission("billing.autopay.manage"), "Sets up or switches off autopayment of an account.")
  public static let getAutopay: UnaryMethod<GetAutopayRequest, Autopay> = unary(
    "GetAutopay", .permission("billing.accounts.read"), "An account's autopayment set-up and its latest attempts.")

  // Rates and calendars.
  public static let setExchangeRate: UnaryMethod<SetExchangeRateRequest, ExchangeRate> = unary(
    "SetExchangeRate", .permission("billing.rates.manage"), "Sets a central bank's rate of a currency for a day.")
  public static let importExchangeRates: UnaryMethod<ImportExchangeRatesRequest, ImportExchangeRatesReply> = unary(
    "ImportExchangeRates", .permission("billing.rates.manage"),
    "Imports a Bank of Russia or National Bank of Kazakhstan rate file as the bank publishes it.")
  public static let getExchangeRate: UnaryMethod<GetExchangeRateRequest, ExchangeRate> = unary(
    "GetExchangeRate", .permission("billing.invoice.read"), "The rate in force on a day: that day's or the latest earlier one.")
  public static let setCalendarDay: UnaryMethod<SetCalendarDayRequest, CalendarDay> = unary(
    "SetCalendarDay", .permission("billing.calendar.manage"), "Makes a day a holiday or a working day in a country's production calendar.")
  public static let listCalendar: UnaryMethod<ListCalendarRequest, ListCalendarReply> = unary(
    "ListCalendar", .permission("billing.invoice.read"), "A year of a country's production calendar: holidays and transferred working days.")

  // VAT rates.
  public static let listVatRates: UnaryMethod<ListVatRatesRequest, ListVatRatesReply> = unary(
    "ListVatRates", .permission("billing.invoice.read"), "The dated VAT rates per country, oldest first; paged.")
  public static let setVatRate: UnaryMethod<SetVatRateRequest, VatRateEntry> = unary(
    "SetVatRate", .permission("billing.vat_rates.manage"),
    "Sets a country's VAT rate from a date on, with a reason; the change is kept. Documents already issued keep their rates.")
  public static let listVatRateChanges: UnaryMethod<ListVatRateChangesRequest, ListVatRateChangesReply> = unary(
    "ListVatRateChanges", .permission("billing.invoice.read"), "Who changed which VAT rate when, from what to what and why, oldest first; paged.")

  // Invoices and documents.
  public static let listInvoices: UnaryMethod<ListInvoicesRequest, ListInvoicesReply> = unary(
    "ListInvoices", .permission("billing.invoice.read"), "An account's invoices, newest first, by issue period; paged.")
  public static let requestPrepaymentInvoice: UnaryMethod<RequestPrepaymentInvoiceRequest, Invoice> = unary(
    "RequestPrepaymentInvoice", .permission("billing.invoices.request"),
    "Issues a prepayment invoice for a service, tariff and amount into the customer's documents; payments against it get acts.")
  public static let listActs: UnaryMethod<ListActsRequest, ListActsReply> = unary(
    "ListActs", .permission("billing.invoice.read"), "An account's acts of services rendered, newest first, by period; paged.")
  public static let actPDF: UnaryMethod<ActDocumentRequest, Document> = unary(
    "ActPDF", .permission("billing.invoice.read"), "An act of services rendered as a PDF.")
  public static let invoicePDF: UnaryMethod<InvoiceDocumentRequest, Document> = unary(
    "InvoicePDF", .permission("billing.invoice.read"), "An invoice as a PDF (Cyrillic, embedded font).")
  public static let exportInvoices: UnaryMethod<ListInvoicesRequest, Document> = unary(
    "ExportInvoices", .permission("billing.invoice.read"), "An account's invoices of a period as an Excel workbook (.xlsx), at most 5000.")

  // Corrections (УКД).
  public static let createCorrection: UnaryMethod<CreateCorrectionRequest, Correction> = unary(
    "CreateCorrection", .permission("billing.invoice.correct"),
    "Corrects lines of an invoice, or of its latest correction; a document already corrected is refused. Write-offs are posted unless staff post them.")
  public static let amendCorrection: UnaryMethod<AmendCorrectionRequest, Correction> = unary(
    "AmendCorrection", .permission("billing.invoice.correct"), "Changes the lines of a correction not yet sent; its write-offs are reversed and redone.")
  public static let deleteCorrection: UnaryMethod<CorrectionRequest, Correction> = unary(
    "DeleteCorrection", .permission("billing.invoice.correct"), "Deletes a correction not yet sent, reversing its write-offs.")
  public static let sendCorrection: UnaryMethod<CorrectionRequest, Correction> = unary(
    "SendCorrection", .permission("billing.invoice.correct"), "Sends a correction to the customer by e-mail with its PDF; from then on it cannot change.")
  public static let postCorrectionWriteOff: UnaryMethod<PostCorrectionWriteOffRequest, Correction> = unary(
    "PostCorrectionWriteOff", .permission("billing.invoice.correct"),
    "Posts a per-product write-off for a line of a correction made with «do not create write-off», linked to that line.")
  public static let getCorrection: UnaryMethod<CorrectionRequest, Correction> = unary(
    "GetCorrection", .permission("billing.invoice.read"), "One correction with its lines and write-offs.")
  public static let listCorrections: UnaryMethod<ListCorrectionsRequest, ListCorrectionsReply> = unary(
    "ListCorrections", .permission("billing.invoice.read"), "An account's corrections, newest first, by issue period; paged.")
  public static let correctionPDF: UnaryMethod<CorrectionRequest, Document> = unary(
    "CorrectionPDF", .permission("billing.invoice.read"), "A correction as a PDF: before, after and difference per line.")

  // Partner commissions.
  public static let createAgent: UnaryMethod<CreateAgentRequest, Agent> = unary(
    "CreateAgent", .permission("billing.commissions.manage"), "Registers a partner; customers name it in their agent field.")
  public static let createCommissionScale: UnaryMethod<CreateCommissionScaleRequest, CommissionScale> = unary(
    "CreateCommissionScale", .permission("billing.commissions.manage"), "Creates a progressive percent scale with ranges in a currency.")
  public static let bindCommissionScale: UnaryMethod<BindCommissionScaleRequest, AgentScaleHistory> = unary(
    "BindCommissionScale", .permission("billing.commissions.manage"), "Binds a scale to an agent from a month on; the history keeps earlier bindings.")
  public static let agentScaleHistory: UnaryMethod<AgentScaleHistoryRequest, AgentScaleHistory> = unary(
    "AgentScaleHistory", .permission("billing.commissions.read"), "Which scale applied to an agent in which months.")
  public static let commissionReport: UnaryMethod<CommissionReportRequest, CommissionReport> = unary(
    "CommissionReport", .permission("billing.commissions.read"),
    "An agent's commissions per account and month, each month by the scale bound then; zero rows can be hidden; paged.")
  public static let exportCommissionReport: UnaryMethod<CommissionReportRequest, Document> = unary(
    "ExportCommissionReport", .permission("billing.commissions.read"), "The commission report as an Excel workbook (.xlsx), at most 5000 rows.")

  // For other services.
  public static let verifyCustomerReference: UnaryMethod<VerifyCustomerReferenceRequest, VerifyCustomerReferenceReply> = unary(
    "VerifyCustomerReference", .permission("billing.customers.verify"),
    "Answers whether a tax id holds a contract or personal account, and links the customer to an Identity organization if it has none.")

  public static let contract = ServiceContract(
    name: serviceName,
    doc: "Customers, personal accounts, ledger, payments, subscriptions, invoices, collections and documents.",
    methods: [
      createCustomer, getCustomer, searchCustomers,
      openAccount, getAccount, listAccounts, setPaymentTerms, blockAccount, unblockAccount,
      postPayment, topUp, postCharge, postCharges, postDiscount, reverseEntry, listTransactions, exportTransactions,
      postBankPayment, importStatement, listSuspense, assignSuspense, issueInvoice,
      createService, createTariff, listServices,
      createSubscription, planActivation, activateSubscription, suspendSubscription, resumeSubscription, closeSubscription,
      listSubscriptions, serviceBalances, runDailyCycle, listCycleFailures,
      setAutopay, getAutopay, verifyCustomerReference,
      setExchangeRate, importExchangeRates, getExchangeRate, setCalendarDay, listCalendar,
      listInvoices, requestPrepaymentInvoice, listActs, actPDF, invoicePDF, exportInvoices,
      createCorrection, amendCorrection, deleteCorrection, sendCorrection, postCorrectionWriteOff, getCorrection, listCorrections,
      correctionPDF,
      createAgent, createCommissionScale, bindCommissionScale, agentScaleHistory, commissionReport, exportCommissionReport,
      listVatRates, setVatRate, listVatRateChanges,
    ]
  )
}
