public import RPC
public import WireCodec

@WireMessage("An account's reconciliation statement (акт сверки) for a period of value dates.")
public struct AccountStatementRequest: Sendable, Hashable {
  @Field(1, "Account number") public var accountNumber: String
  @Field(2, "First value date, inclusive") public var from: CalendarDate?
  @Field(3, "Last value date, inclusive; at most 3 years after from") public var to: CalendarDate?
  @Field(4, "Page of lines: default 100, at most 5000; the balances and totals cover the whole period")
  public var page: PageRequest
}

@WireMessage("One entry of a statement: charges are debits, payments and other credits are credits.")
public struct StatementLine: Sendable, Hashable {
  @Field(1, "The ledger entry's id") public var entryID: Int64
  @Field(2, "Value date") public var date: CalendarDate
  @Field(3, "Kind of entry") public var kind: EntryKind
  @Field(4, "Service code, for charges and discounts") public var serviceCode: String
  @Field(5, "Purpose text or comment") public var purpose: String
  @Field(6, "Debit (what the customer owes more), positive; zero for a credit") public var debit: ExactDecimal
  @Field(7, "Credit (what the customer paid or was given), positive; zero for a debit") public var credit: ExactDecimal
  @Field(8, "The balance after this line, in value-date order; positive is in the customer's favour")
  public var balanceAfter: ExactDecimal
}

@WireMessage("Opening balance, the period's entries by value date, and the closing balance.")
public struct AccountStatement: Sendable, Hashable {
  @Field(1, "Account number") public var accountNumber: String
  @Field(2, "Currency") public var currency: String
  @Field(3, "First value date") public var from: CalendarDate
  @Field(4, "Last value date") public var to: CalendarDate
  @Field(5, "The balance before the first day: every entry dated earlier") public var openingBalance: ExactDecimal
  @Field(6, "Sum of the period's debits, positive") public var totalDebit: ExactDecimal
  @Field(7, "Sum of the period's credits, positive") public var totalCredit: ExactDecimal
  @Field(8, "Opening + credits − debits: the balance at the end of the last day") public var closingBalance:
    ExactDecimal
  @Field(9, "This page's lines, oldest value date first") public var lines: [StatementLine]
  @Field(10, "Token for the next page; empty on the last") public var nextPageToken: String
  @Field(11, "The customer's name") public var customerName: String
}
