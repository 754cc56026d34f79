public import RPC
public import WireCodec

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

@WireMessage("One line of a bank statement: money received, not yet tied to an account.")
public struct BankPaymentLine: Sendable, Hashable {
  @Field(1, "Payment order number") public var bankReference: String
  @Field(2, "Payment date") public var date: CalendarDate
  @Field(3, "Amount, positive") public var amount: ExactDecimal
  @Field(4, "Currency (default RUB)") public var currency: String
  @Field(5, "Payer name") public var payer: String
  @Field(6, "Payer tax id") public var payerTaxID: String
  @Field(7, "Purpose text, scanned for an account, contract or invoice number") public var purpose: String
}

/// What became of a bank line.
public enum BankLineOutcome: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// The purpose named an account: it was credited.
  case credited = 1
  /// Nothing in the purpose matched: the line waits in the suspense list.
  case suspense = 2
  /// The line had been received before (same date, reference and payer): nothing new.
  case duplicate = 3
  /// The line could not be taken (its message says why); nothing was written.
  case rejected = 4

  public static var wireFallback: BankLineOutcome { .unspecified }
}

@WireMessage("Post one bank statement line.")
public struct PostBankPaymentRequest: Sendable, Hashable {
  @Field(1, "The line") public var line: BankPaymentLine
}

@WireMessage("What became of one bank line.")
public struct BankLineResult: Sendable, Hashable {
  @Field(1, "Bank reference") public var bankReference: String
  @Field(2, "Amount") public var amount: ExactDecimal
  @Field(3, "Outcome") public var outcome: BankLineOutcome
  @Field(4, "The account credited (outcome credited, or duplicate of a credited line)") public var accountNumber: String
  @Field(5, "The ledger entry (credited)") public var entryID: Int64
  @Field(6, "The suspense item (suspense, or duplicate of one)") public var suspenseID: Int64
  @Field(7, "How the account was found, or why the line went to suspense or was rejected") public var note: String
}

/// The layout of a bank statement file.
public enum StatementFormat: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// 1C client-bank exchange text (`1CClientBankExchange`), Windows-1251 or UTF-8 as its `Кодировка` says.
  case oneC = 1
  /// UTF-8 CSV with `;` separators and the header `date;number;amount;payer;payer_tax_id;purpose`.
  case csv = 2

  public static var wireFallback: StatementFormat { .unspecified }
}

@WireMessage("Import a whole bank statement file; each line is idempotent by its date, reference and payer.")
public struct ImportStatementRequest: Sendable, Hashable {
  @Field(1, "File layout") public var format: StatementFormat
  @Field(2, "The file as the bank produced it") public var content: Data
  @Field(3, "Currency of the statement (default RUB)") public var currency: String
}

@WireMessage("What became of each line of an imported statement.")
public struct ImportStatementReply: Sendable, Hashable {
  @Field(1, "One result per payment document, in file order") public var lines: [BankLineResult]
  @Field(2, "Lines credited now") public var credited: Int64
  @Field(3, "Lines put in suspense now") public var suspense: Int64
  @Field(4, "Lines already received before") public var duplicates: Int64
  @Field(5, "Lines rejected") public var rejected: Int64
}

@WireMessage("A bank payment nobody could match to an account.")
public struct SuspenseItem: Sendable, Hashable {
  @Field(1, "Suspense id") public var id: Int64
  @Field(2, "The bank line") public var line: BankPaymentLine
  @Field(3, "Assigned to an account yet") public var assigned: Bool
  @Field(4, "The account it was assigned to") public var accountNumber: String
  @Field(5, "The ledger entry its assignment made") public var entryID: Int64
  @Field(6, "History, oldest first: `received`, `assigned` with who and when") public var history: [SuspenseEvent]
}

@WireMessage("One step in a suspense item's history.")
public struct SuspenseEvent: Sendable, Hashable {
  @Field(1, "received or assigned") public var action: String
  @Field(2, "Who (user id); empty for the bank import") public var actor: String
  @Field(3, "When") public var at: UTCTimestamp
  @Field(4, "Account number (assigned)") public var accountNumber: String
  @Field(5, "Comment") public var comment: String
}

@WireMessage("The suspense list.")
public struct ListSuspenseRequest: Sendable, Hashable {
  @Field(1, "Include items already assigned") public var includeAssigned: Bool
  @Field(2, "Page: default 100, at most 5000") public var page: PageRequest
}

@WireMessage("A page of the suspense list, oldest first.")
public struct ListSuspenseReply: Sendable, Hashable {
  @Field(1, "Items") public var items: [SuspenseItem]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("Credit a suspense item to an account chosen by hand.")
public struct AssignSuspenseRequest: Sendable, Hashable {
  @Field(1, "Suspense id") public var suspenseID: Int64
  @Field(2, "Account number") public var accountNumber: String
  @Field(3, "Why this account") public var comment: String
}

@WireMessage("Issue an invoice to an account (part 1: its number is what payment purposes are matched against).")
public struct IssueInvoiceRequest: Sendable, Hashable {
  @Field(1, "Account number") public var accountNumber: String
  @Field(2, "Invoice number; empty to have Billing number it (СЧ-<n>)") public var number: String
  @Field(3, "Amount, positive") public var amount: ExactDecimal
  @Field(4, "Issue date") public var date: CalendarDate
}

@WireMessage("An issued invoice.")
public struct Invoice: Sendable, Hashable {
  @Field(1, "Invoice number") public var number: String
  @Field(2, "Account number") public var accountNumber: String
  @Field(3, "Amount in the account's (contract) currency") public var amount: ExactDecimal
  @Field(4, "Issue date") public var date: CalendarDate
  @Field(5, "Monthly (issued by the cycle) or manual") public var monthly: Bool
  @Field(6, "First day of the period it charges for") public var periodStart: CalendarDate?
  @Field(7, "Last day of that period") public var periodEnd: CalendarDate?
  @Field(8, "Contract currency") public var currency: String
  @Field(9, "Local currency (RUB for RU, KZT for KZ customers with a foreign-currency account), or empty") public
    var localCurrency: String
  @Field(10, "The central bank's rate used, rounded half-up to 4 decimals") public var rate: ExactDecimal
  @Field(11, "The day of that rate: the issue date, or the latest earlier day with a rate") public var rateDate:
    CalendarDate?
  @Field(12, "The amount in the local currency, rounded half-up to kopecks/tiyn") public var localAmount: ExactDecimal
  @Field(13, "Last day of the payment window (5 business days)") public var dueOn: CalendarDate?
  @Field(14, "How much of it payments have covered") public var paid: ExactDecimal
  @Field(15, "The day the payment that covered it was credited") public var paidOn: CalendarDate?
  @Field(16, "Lines: per service") public var lines: [InvoiceItem]
  @Field(17, "Manual, monthly, or an on-demand prepayment invoice") public var kind: InvoiceKind
  @Field(18, "Amount without VAT: the sum of the lines' net amounts") public var net: ExactDecimal
  @Field(19, "VAT: the sum of the lines' VAT (amount = net + VAT)") public var vat: ExactDecimal
  @Field(20, "Net, VAT and gross per VAT rate, in rate order") public var vatTotals: [VatTotal]
}

/// How an invoice came to be.
public enum InvoiceKind: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// Recorded by staff with IssueInvoice, for payment matching.
  case manual = 1
  /// Issued by the cycle on the 1st for the previous month.
  case monthly = 2
  /// Requested on demand for a service, tariff and amount (the TaxiMaster «create document»).
  case prepayment = 3

  public static var wireFallback: InvoiceKind { .unspecified }
}

@WireMessage("Request a prepayment invoice for a service, optionally a tariff, and an amount.")
public struct RequestPrepaymentInvoiceRequest: Sendable, Hashable {
  @Field(1, "Account number") public var accountNumber: String
  @Field(2, "Catalogue service code") public var serviceCode: String
  @Field(3, "Tariff id of that service (optional)") public var tariffID: String
  @Field(4, "Amount, positive, in the account's currency") public var amount: ExactDecimal
  @Field(5, "Idempotency key: a retry returns the same invoice") public var idempotencyKey: String
}

@WireMessage("An act of services rendered, for an amount paid against a prepayment invoice.")
public struct ServiceAct: Sendable, Hashable {
  @Field(1, "Act number") public var number: String
  @Field(2, "Account number") public var accountNumber: String
  @Field(3, "The prepayment invoice paid") public var invoiceNumber: String
  @Field(4, "Date: the day the payment was credited") public var date: CalendarDate
  @Field(5, "Amount paid") public var amount: ExactDecimal
  @Field(6, "Currency") public var currency: String
  @Field(7, "Service code") public var serviceCode: String
  @Field(8, "What was rendered") public var description: String
  @Field(9, "VAT rate in percent, in force on the act's date") public var vatRate: ExactDecimal
  @Field(10, "Amount without VAT") public var net: ExactDecimal
  @Field(11, "VAT included in the amount (amount = net + VAT)") public var vat: ExactDecimal
}

@WireMessage("One act, by number.")
public struct ActDocumentRequest: Sendable, Hashable {
  @Field(1, "Act number") public var number: String
}

@WireMessage("An account's acts, newest first, optionally of a period.")
public struct ListActsRequest: Sendable, Hashable {
  @Field(1, "Account number") public var accountNumber: String
  @Field(2, "Dated on or after") public var from: CalendarDate?
  @Field(3, "Dated on or before") public var to: CalendarDate?
  @Field(4, "Page: default 100, at most 5000") public var page: PageRequest
}

@WireMessage("A page of acts.")
public struct ListActsReply: Sendable, Hashable {
  @Field(1, "Acts") public var acts: [ServiceAct]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("One line of an invoice.")
public struct InvoiceItem: Sendable, Hashable {
  @Field(1, "Service code") public var serviceCode: String
  @Field(2, "Description") public var description: String
  @Field(3, "Amount with VAT (gross) in the contract currency") public var amount: ExactDecimal
  @Field(4, "VAT rate in percent, in force on the date of supply") public var vatRate: ExactDecimal
  @Field(5, "Amount without VAT") public var net: ExactDecimal
  @Field(6, "VAT (amount = net + VAT)") public var vat: ExactDecimal
}

@WireMessage("An account's invoices, newest first, optionally of a period.")
public struct ListInvoicesRequest: Sendable, Hashable {
  @Field(1, "Account number") public var accountNumber: String
  @Field(2, "Issued on or after") public var from: CalendarDate?
  @Field(3, "Issued on or before") public var to: CalendarDate?
  @Field(4, "Page: default 100, at most 5000") public var page: PageRequest
}

@WireMessage("A page of invoices.")
public struct ListInvoicesReply: Sendable, Hashable {
  @Field(1, "Invoices") public var invoices: [Invoice]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("One invoice as a document.")
public struct InvoiceDocumentRequest: Sendable, Hashable {
  @Field(1, "Invoice number") public var number: String
}

@WireMessage("A rendered document.")
public struct Document: Sendable, Hashable {
  @Field(1, "File name") public var fileName: String
  @Field(2, "Media type") public var mediaType: String
  @Field(3, "The file") public var content: Data
}

@WireMessage("Published on the event feed as billing.invoice.reminder: the in-app notification of an unpaid invoice.")
public struct InvoiceReminderEvent: Sendable, Hashable {
  @Field(1, "Invoice number") public var invoiceNumber: String
  @Field(2, "Account number") public var accountNumber: String
  @Field(3, "Customer id") public var customerID: String
  @Field(4, "Business day of the payment window: 3 or 5") public var businessDay: Int32
  @Field(5, "Last day to pay") public var dueOn: CalendarDate
  @Field(6, "Amount still to pay") public var outstanding: ExactDecimal
}

@WireMessage("Published on the event feed as billing.invoice.issued: a monthly invoice was issued (the month-end run).")
public struct InvoiceIssuedEvent: Sendable, Hashable {
  @Field(1, "Invoice number") public var invoiceNumber: String
  @Field(2, "Account number") public var accountNumber: String
  @Field(3, "Customer id") public var customerID: String
  @Field(4, "Amount, in the contract currency") public var amount: ExactDecimal
  @Field(5, "Contract currency") public var currency: String
  @Field(6, "First day of the invoiced month") public var periodStart: CalendarDate
  @Field(7, "Last day of the invoiced month") public var periodEnd: CalendarDate
  @Field(8, "Issue date") public var issuedOn: CalendarDate
  @Field(9, "Last day to pay") public var dueOn: CalendarDate
}
