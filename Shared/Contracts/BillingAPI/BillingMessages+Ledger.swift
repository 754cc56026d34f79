public import RPC
public import WireCodec

/// What a ledger entry records.
public enum EntryKind: Int32, WireEnum, Sendable {
  case unspecified = 0
  /// Real money received from a bank (credit).
  case payment = 1
  /// Virtual credit given by staff (credit); needs billing.topups.create.
  case topUp = 2
  /// A charge or write-off for a service (debit).
  case charge = 3
  /// A discount (credit).
  case discount = 4
  /// Cancels another entry with the opposite amount.
  case reversal = 5
  /// A debit Billing posts itself, e.g. «Закрытие кредита должнику» at a postpaid month end.
  case adjustment = 6
  /// A write-off of a correction (УКД) line: a debit when the line grew, a credit when it shrank.
  case correction = 7

  public static var wireFallback: EntryKind { .unspecified }
}

@WireMessage("One immutable ledger entry. Credits are positive, debits negative.")
public struct LedgerEntry: Sendable, Hashable {
  @Field(1, "Entry id; increases in posting order") public var id: Int64
  @Field(2, "Account number") public var accountNumber: String
  @Field(3, "Kind") public var kind: EntryKind
  @Field(4, "Signed amount in the account's currency") public var amount: ExactDecimal
  @Field(5, "Currency") public var currency: String
  @Field(6, "Value date (payment date, charge date)") public var date: CalendarDate
  @Field(7, "Service code, for charges and discounts") public var serviceCode: String
  @Field(8, "Subscription id, for charges") public var subscriptionID: String
  @Field(9, "Who posted it: bank, staff, or the calling service's account") public var source: String
  @Field(10, "Payer, for payments") public var payer: String
  @Field(11, "Bank reference, for payments") public var bankReference: String
  @Field(12, "Purpose text or comment") public var purpose: String
  @Field(13, "For reversals: the entry reversed") public var reversesEntryID: Int64
  @Field(14, "The idempotency key it was posted with") public var idempotencyKey: String
  @Field(15, "When it was posted") public var postedAt: UTCTimestamp
}

@WireMessage("The entry a posting made (or, for a retry, made the first time).")
public struct PostingReply: Sendable, Hashable {
  @Field(1, "The entry") public var entry: LedgerEntry
  @Field(2, "The account's balance right after this entry's posting") public var balanceAfter: ExactDecimal
  @Field(3, "True when the key had been posted before and nothing new was written") public var replayed: Bool
}

@WireMessage("A payment received from a bank for a known account.")
public struct PostPaymentRequest: Sendable, Hashable {
  @Field(1, "Idempotency key; a retry with the same key and content returns the first result") public
    var idempotencyKey: String
  @Field(2, "Account number") public var accountNumber: String
  @Field(3, "Amount, positive, in the account's currency") public var amount: ExactDecimal
  @Field(4, "Payment date") public var date: CalendarDate
  @Field(5, "Payer") public var payer: String
  @Field(6, "Bank reference (payment order number)") public var bankReference: String
  @Field(7, "Purpose text") public var purpose: String
}

@WireMessage("Virtual credit given by staff.")
public struct TopUpRequest: Sendable, Hashable {
  @Field(1, "Idempotency key") public var idempotencyKey: String
  @Field(2, "Account number") public var accountNumber: String
  @Field(3, "Amount, positive") public var amount: ExactDecimal
  @Field(4, "Why") public var comment: String
}

@WireMessage("A charge (write-off) or a discount for a service.")
public struct PostChargeRequest: Sendable, Hashable {
  @Field(1, "Idempotency key") public var idempotencyKey: String
  @Field(2, "Account number") public var accountNumber: String
  @Field(3, "Amount, positive; a charge is stored as a debit, a discount as a credit") public var amount: ExactDecimal
  @Field(4, "Service code") public var serviceCode: String
  @Field(5, "Subscription id, if the charge belongs to one") public var subscriptionID: String
  @Field(6, "Charge date; the current day when empty") public var date: CalendarDate?
  @Field(7, "Comment") public var comment: String
}

@WireMessage("Reverse an entry: a new entry with the opposite amount.")
public struct ReverseEntryRequest: Sendable, Hashable {
  @Field(1, "Idempotency key") public var idempotencyKey: String
  @Field(2, "The entry to reverse") public var entryID: Int64
  @Field(3, "Why") public var comment: String
}

/// How transactions are ordered.
public enum TransactionOrder: Int32, WireEnum, Sendable {
  case unspecified = 0
  case oldestFirst = 1
  case newestFirst = 2

  public static var wireFallback: TransactionOrder { .unspecified }
}

@WireMessage("An account's transactions with filters.")
public struct ListTransactionsRequest: Sendable, Hashable {
  @Field(1, "Account number") public var accountNumber: String
  @Field(2, "Only this service code") public var serviceCode: String
  @Field(3, "Only these kinds; all when empty") public var kinds: [EntryKind]
  @Field(4, "Only this source") public var source: String
  @Field(5, "Value date from, inclusive") public var from: CalendarDate?
  @Field(6, "Value date to, inclusive") public var to: CalendarDate?
  @Field(7, "Posting order (default newest first)") public var order: TransactionOrder
  @Field(8, "Page: default 100, at most 5000") public var page: PageRequest
}

@WireMessage("The total of one service over the filtered transactions.")
public struct ServiceTotal: Sendable, Hashable {
  @Field(1, "Service code; empty for entries without a service (payments, top-ups)") public var serviceCode: String
  @Field(2, "Signed sum") public var total: ExactDecimal
  @Field(3, "Number of entries") public var count: Int64
}

@WireMessage("A page of transactions, and totals per service over all pages.")
public struct ListTransactionsReply: Sendable, Hashable {
  @Field(1, "Entries") public var entries: [LedgerEntry]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
  @Field(3, "Totals per service over every entry matching the filters") public var totals: [ServiceTotal]
}
