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
    "CreateCustomer", .permission(BillingPermission.customersManage),
    "Creates a customer (individual or legal entity) with a unique contract number.")
  public static let getCustomer: UnaryMethod<GetCustomerRequest, Customer> = unary(
    "GetCustomer", .permission(BillingPermission.customersRead),
    "One customer (customers: their own organization's only).")
  public static let searchCustomers: UnaryMethod<SearchCustomersRequest, SearchCustomersReply> = unary(
    "SearchCustomers", .permission(BillingPermission.customersRead),
    "Searches by account number, name with % wildcards, tax id or contract number; paged (default 100, at most 5000).")

  // Accounts.
  public static let openAccount: UnaryMethod<OpenAccountRequest, Account> = unary(
    "OpenAccount", .permission(BillingPermission.accountsManage),
    "Opens a personal account (prepaid, or postpaid with a credit limit).")
  public static let getAccount: UnaryMethod<GetAccountRequest, Account> = unary(
    "GetAccount", .permission(BillingPermission.accountsRead),
    "One account with its balance (customers: their own only).")
  public static let listAccounts: UnaryMethod<ListAccountsRequest, ListAccountsReply> = unary(
    "ListAccounts", .permission(BillingPermission.accountsRead), "A customer's accounts.")
  public static let setPaymentTerms: UnaryMethod<SetPaymentTermsRequest, Account> = unary(
    "SetPaymentTerms", .permission(BillingPermission.accountsManage),
    "Makes an account prepaid or postpaid and sets its credit limit and critical-balance threshold.")
  public static let blockAccount: UnaryMethod<SetAccountBlockedRequest, Account> = unary(
    "BlockAccount", .permission(BillingPermission.accountsBlock),
    "Blocks an account with a reason; publishes billing.account.blocked.")
  public static let unblockAccount: UnaryMethod<SetAccountBlockedRequest, Account> = unary(
    "UnblockAccount", .permission(BillingPermission.accountsBlock),
    "Unblocks an account; publishes billing.account.unblocked.")

  // Ledger.
  public static let postPayment: UnaryMethod<PostPaymentRequest, PostingReply> = unary(
    "PostPayment", .permission(BillingPermission.paymentsPost),
    "Credits real money received from a bank; idempotent by key.")
  public static let topUp: UnaryMethod<TopUpRequest, PostingReply> = unary(
    "TopUp", .permission(BillingPermission.topupsCreate), "Credits virtual money by staff decision; idempotent by key.")
  public static let postCharge: UnaryMethod<PostChargeRequest, PostingReply> = unary(
    "PostCharge", .permission(BillingPermission.chargesPost), "Debits a charge for a service; idempotent by key.")
  public static let postCharges: UnaryMethod<PostChargesRequest, PostChargesReply> = unary(
    "PostCharges", .permission(BillingPermission.chargesPost),
    "Debits a batch of usage charges from another service in one transaction; each usage id is charged at most once (a repeat replays it, a repeat with other content is refused)."
  )
  public static let postDiscount: UnaryMethod<PostChargeRequest, PostingReply> = unary(
    "PostDiscount", .permission(BillingPermission.chargesPost), "Credits a discount for a service; idempotent by key.")
  public static let reverseEntry: UnaryMethod<ReverseEntryRequest, PostingReply> = unary(
    "ReverseEntry", .permission(BillingPermission.entriesReverse),
    "Cancels an entry with an opposite one; an entry is reversed at most once.")
  public static let listTransactions: UnaryMethod<ListTransactionsRequest, ListTransactionsReply> = unary(
    "ListTransactions", .permission(BillingPermission.accountsRead),
    "An account's entries by service, kind, source and period, in posting order, with totals per service.")
  public static let accountStatement: UnaryMethod<AccountStatementRequest, AccountStatement> = unary(
    "AccountStatement", .permission(BillingPermission.accountsRead),
    "A reconciliation statement (акт сверки) of an account for a period: opening balance, debits and credits by value date, closing balance (customers: their own only)."
  )
  public static let exportTransactions: UnaryMethod<ListTransactionsRequest, Document> = unary(
    "ExportTransactions", .permission(BillingPermission.accountsRead),
    "An account's filtered entries as an Excel workbook (.xlsx), oldest first, at most 5000 rows.")

  // Payments in.
  public static let postBankPayment: UnaryMethod<PostBankPaymentRequest, BankLineResult> = unary(
    "PostBankPayment", .permission(BillingPermission.paymentsPost),
    "Posts one bank statement line: the purpose is scanned for an account, contract or invoice number; no match goes to suspense."
  )
  public static let importStatement: UnaryMethod<ImportStatementRequest, ImportStatementReply> = unary(
    "ImportStatement", .permission(BillingPermission.paymentsPost),
    "Imports a 1C client-bank exchange file or a CSV statement; importing the same file again credits nothing new.")
  public static let listSuspense: UnaryMethod<ListSuspenseRequest, ListSuspenseReply> = unary(
    "ListSuspense", .permission(BillingPermission.suspenseRead),
    "Bank payments no account could be found for, with their history.")
  public static let assignSuspense: UnaryMethod<AssignSuspenseRequest, PostingReply> = unary(
    "AssignSuspense", .permission(BillingPermission.suspenseAssign),
    "Credits a suspense payment to an account chosen by hand.")
  public static let issueInvoice: UnaryMethod<IssueInvoiceRequest, Invoice> = unary(
    "IssueInvoice", .permission(BillingPermission.invoicesManage),
    "Records an invoice for an account, so payments quoting its number find the account.")

  // Catalogue.
  public static let createService: UnaryMethod<CreateServiceRequest, CatalogueService> = unary(
    "CreateService", .permission(BillingPermission.catalogueManage), "Adds a service to the catalogue.")
  public static let createTariff: UnaryMethod<CreateTariffRequest, Tariff> = unary(
    "CreateTariff", .permission(BillingPermission.catalogueManage),
    "Adds a tariff (price per period in one currency, for one country) to a service.")
  public static let listServices: UnaryMethod<ListServicesRequest, ListServicesReply> = unary(
    "ListServices", .permission(BillingPermission.catalogueRead),
    "The catalogue with tariffs, optionally of one country and currency; paged.")

  // Subscriptions.
  public static let createSubscription: UnaryMethod<CreateSubscriptionRequest, Subscription> = unary(
    "CreateSubscription", .permission(BillingPermission.subscriptionsManage),
    "Subscribes an account to a tariff; the subscription starts New, optionally with a planned activation date.")
  public static let planActivation: UnaryMethod<PlanActivationRequest, Subscription> = unary(
    "PlanActivation", .permission(BillingPermission.subscriptionsManage),
    "Sets or clears the planned activation date of a New subscription; the date must be in the future.")
  public static let activateSubscription: UnaryMethod<ChangeSubscriptionRequest, Subscription> = unary(
    "ActivateSubscription", .permission(BillingPermission.subscriptionsManage),
    "Activates a New subscription now, charging its first period if the balance (plus credit) covers it.")
  public static let suspendSubscription: UnaryMethod<ChangeSubscriptionRequest, Subscription> = unary(
    "SuspendSubscription", .permission(BillingPermission.subscriptionsManage),
    "Suspends an Active subscription: no monthly charges while suspended.")
  public static let resumeSubscription: UnaryMethod<ChangeSubscriptionRequest, Subscription> = unary(
    "ResumeSubscription", .permission(BillingPermission.subscriptionsManage),
    "Makes a Suspended subscription Active again.")
  public static let closeSubscription: UnaryMethod<ChangeSubscriptionRequest, Subscription> = unary(
    "CloseSubscription", .permission(BillingPermission.subscriptionsManage), "Closes a subscription for good.")
  public static let getSubscription: UnaryMethod<GetSubscriptionRequest, Subscription> = unary(
    "GetSubscription", .permission(BillingPermission.accountsRead), "One subscription with its tariff and status.")
  public static let listSubscriptions: UnaryMethod<ListSubscriptionsRequest, ListSubscriptionsReply> = unary(
    "ListSubscriptions", .permission(BillingPermission.accountsRead),
    "An account's subscriptions, by service and status, sortable by status; paged.")
  public static let serviceBalances: UnaryMethod<ServiceBalancesRequest, ServiceBalancesReply> = unary(
    "ServiceBalances", .permission(BillingPermission.accountsRead),
    "Per service of an account: the balance of its entries over a period and its subscriptions by status.")
  public static let runDailyCycle: UnaryMethod<RunDailyCycleRequest, RunDailyCycleReply> = unary(
    "RunDailyCycle", .permission(BillingPermission.cyclesRun),
    "Runs the nightly cycle (planned activations, monthly charges, invoices, collections, postpaid credit) for a day; repeating it changes nothing; a day before the latest one run is refused (CYCLE_DAY_PASSED)."
  )
  public static let listCycleFailures: UnaryMethod<ListCycleFailuresRequest, ListCycleFailuresReply> = unary(
    "ListCycleFailures", .permission(BillingPermission.cyclesRun),
    "The daily cycle's failed items (accounts, subscriptions), with reasons: each was skipped while the others were processed; paged."
  )

  // Autopayment.
  public static let setAutopay: UnaryMethod<SetAutopayRequest, Autopay> = unary(
    "SetAutopay", .permission(BillingPermission.autopayManage), "Sets up or switches off autopayment of an account.")
  public static let getAutopay: UnaryMethod<GetAutopayRequest, Autopay> = unary(
    "GetAutopay", .permission(BillingPermission.accountsRead),
    "An account's autopayment set-up and its latest attempts.")

  // Rates and calendars.
  public static let setExchangeRate: UnaryMethod<SetExchangeRateRequest, ExchangeRate> = unary(
    "SetExchangeRate", .permission(BillingPermission.ratesManage), "Sets a central bank's rate of a currency for a day."
  )
  public static let importExchangeRates: UnaryMethod<ImportExchangeRatesRequest, ImportExchangeRatesReply> = unary(
    "ImportExchangeRates", .permission(BillingPermission.ratesManage),
    "Imports a Bank of Russia or National Bank of Kazakhstan rate file as the bank publishes it.")
  public static let getExchangeRate: UnaryMethod<GetExchangeRateRequest, ExchangeRate> = unary(
    "GetExchangeRate", .permission(BillingPermission.invoicesRead),
    "The rate in force on a day: that day's or the latest earlier one.")
  public static let setCalendarDay: UnaryMethod<SetCalendarDayRequest, CalendarDay> = unary(
    "SetCalendarDay", .permission(BillingPermission.calendarsManage),
    "Makes a day a holiday or a working day in a country's production calendar.")
  public static let listCalendar: UnaryMethod<ListCalendarRequest, ListCalendarReply> = unary(
    "ListCalendar", .permission(BillingPermission.invoicesRead),
    "A year of a country's production calendar: holidays and transferred working days.")

  // VAT rates.
  public static let listVatRates: UnaryMethod<ListVatRatesRequest, ListVatRatesReply> = unary(
    "ListVatRates", .permission(BillingPermission.invoicesRead), "The dated VAT rates per country, oldest first; paged."
  )
  public static let setVatRate: UnaryMethod<SetVatRateRequest, VatRateEntry> = unary(
    "SetVatRate", .permission(BillingPermission.vatRatesManage),
    "Sets a country's VAT rate from a date on, with a reason; the change is kept. Documents already issued keep their rates."
  )
  public static let listVatRateChanges: UnaryMethod<ListVatRateChangesRequest, ListVatRateChangesReply> = unary(
    "ListVatRateChanges", .permission(BillingPermission.invoicesRead),
    "Who changed which VAT rate when, from what to what and why, oldest first; paged.")

  // Invoices and documents.
  public static let listInvoices: UnaryMethod<ListInvoicesRequest, ListInvoicesReply> = unary(
    "ListInvoices", .permission(BillingPermission.invoicesRead),
    "An account's invoices, newest first, by issue period; paged.")
  public static let requestPrepaymentInvoice: UnaryMethod<RequestPrepaymentInvoiceRequest, Invoice> = unary(
    "RequestPrepaymentInvoice", .permission(BillingPermission.invoicesRequest),
    "Issues a prepayment invoice for a service, tariff and amount into the customer's documents; payments against it get acts."
  )
  public static let listActs: UnaryMethod<ListActsRequest, ListActsReply> = unary(
    "ListActs", .permission(BillingPermission.invoicesRead),
    "An account's acts of services rendered, newest first, by period; paged.")
  public static let actPDF: UnaryMethod<ActDocumentRequest, Document> = unary(
    "ActPDF", .permission(BillingPermission.invoicesRead), "An act of services rendered as a PDF.")
  public static let invoicePDF: UnaryMethod<InvoiceDocumentRequest, Document> = unary(
    "InvoicePDF", .permission(BillingPermission.invoicesRead), "An invoice as a PDF (Cyrillic, embedded font).")
  public static let exportInvoices: UnaryMethod<ListInvoicesRequest, Document> = unary(
    "ExportInvoices", .permission(BillingPermission.invoicesRead),
    "An account's invoices of a period as an Excel workbook (.xlsx), at most 5000.")

  // Corrections (УКД).
  public static let createCorrection: UnaryMethod<CreateCorrectionRequest, Correction> = unary(
    "CreateCorrection", .permission(BillingPermission.invoicesCorrect),
    "Corrects lines of an invoice, or of its latest correction; a document already corrected is refused. Write-offs are posted unless staff post them."
  )
  public static let amendCorrection: UnaryMethod<AmendCorrectionRequest, Correction> = unary(
    "AmendCorrection", .permission(BillingPermission.invoicesCorrect),
    "Changes the lines of a correction not yet sent; its write-offs are reversed and redone.")
  public static let deleteCorrection: UnaryMethod<CorrectionRequest, Correction> = unary(
    "DeleteCorrection", .permission(BillingPermission.invoicesCorrect),
    "Deletes a correction not yet sent, reversing its write-offs.")
  public static let sendCorrection: UnaryMethod<CorrectionRequest, Correction> = unary(
    "SendCorrection", .permission(BillingPermission.invoicesCorrect),
    "Sends a correction to the customer by e-mail with its PDF; from then on it cannot change.")
  public static let postCorrectionWriteOff: UnaryMethod<PostCorrectionWriteOffRequest, Correction> = unary(
    "PostCorrectionWriteOff", .permission(BillingPermission.invoicesCorrect),
    "Posts a per-product write-off for a line of a correction made with «do not create write-off», linked to that line."
  )
  public static let getCorrection: UnaryMethod<CorrectionRequest, Correction> = unary(
    "GetCorrection", .permission(BillingPermission.invoicesRead), "One correction with its lines and write-offs.")
  public static let listCorrections: UnaryMethod<ListCorrectionsRequest, ListCorrectionsReply> = unary(
    "ListCorrections", .permission(BillingPermission.invoicesRead),
    "An account's corrections, newest first, by issue period; paged.")
  public static let correctionPDF: UnaryMethod<CorrectionRequest, Document> = unary(
    "CorrectionPDF", .permission(BillingPermission.invoicesRead),
    "A correction as a PDF: before, after and difference per line.")

  // Partner commissions.
  public static let createAgent: UnaryMethod<CreateAgentRequest, Agent> = unary(
    "CreateAgent", .permission(BillingPermission.commissionsManage),
    "Registers a partner; customers name it in their agent field.")
  public static let createCommissionScale: UnaryMethod<CreateCommissionScaleRequest, CommissionScale> = unary(
    "CreateCommissionScale", .permission(BillingPermission.commissionsManage),
    "Creates a progressive percent scale with ranges in a currency.")
  public static let bindCommissionScale: UnaryMethod<BindCommissionScaleRequest, AgentScaleHistory> = unary(
    "BindCommissionScale", .permission(BillingPermission.commissionsManage),
    "Binds a scale to an agent from a month on; the history keeps earlier bindings.")
  public static let agentScaleHistory: UnaryMethod<AgentScaleHistoryRequest, AgentScaleHistory> = unary(
    "AgentScaleHistory", .permission(BillingPermission.commissionsRead),
    "Which scale applied to an agent in which months.")
  public static let commissionReport: UnaryMethod<CommissionReportRequest, CommissionReport> = unary(
    "CommissionReport", .permission(BillingPermission.commissionsRead),
    "An agent's commissions per account and month, each month by the scale bound then; zero rows can be hidden; paged.")
  public static let exportCommissionReport: UnaryMethod<CommissionReportRequest, Document> = unary(
    "ExportCommissionReport", .permission(BillingPermission.commissionsRead),
    "The commission report as an Excel workbook (.xlsx), at most 5000 rows.")

  // For other services.
  public static let verifyCustomerReference: UnaryMethod<VerifyCustomerReferenceRequest, VerifyCustomerReferenceReply> =
    unary(
      "VerifyCustomerReference", .permission(BillingPermission.customersVerify),
      "Answers whether a tax id holds a contract or personal account, and links the customer to an Identity organization if it has none."
    )

  public static let contract = ServiceContract(
    name: serviceName,
    doc: "Customers, personal accounts, ledger, payments, subscriptions, invoices, collections and documents.",
    methods: [
      createCustomer, getCustomer, searchCustomers,
      openAccount, getAccount, listAccounts, setPaymentTerms, blockAccount, unblockAccount,
      postPayment, topUp, postCharge, postCharges, postDiscount, reverseEntry, listTransactions, accountStatement,
      exportTransactions,
      postBankPayment, importStatement, listSuspense, assignSuspense, issueInvoice,
      createService, createTariff, listServices,
      createSubscription, planActivation, activateSubscription, suspendSubscription, resumeSubscription,
      closeSubscription,
      getSubscription, listSubscriptions, serviceBalances, runDailyCycle, listCycleFailures,
      setAutopay, getAutopay, verifyCustomerReference,
      setExchangeRate, importExchangeRates, getExchangeRate, setCalendarDay, listCalendar,
      listInvoices, requestPrepaymentInvoice, listActs, actPDF, invoicePDF, exportInvoices,
      createCorrection, amendCorrection, deleteCorrection, sendCorrection, postCorrectionWriteOff, getCorrection,
      listCorrections,
      correctionPDF,
      createAgent, createCommissionScale, bindCommissionScale, agentScaleHistory, commissionReport,
      exportCommissionReport,
      listVatRates, setVatRate, listVatRateChanges,
    ]
  )
}
