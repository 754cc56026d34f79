public import RPC
public import WireCodec

/// How an account pays: in advance, or afterwards within a credit limit.
public enum PaymentMode: Int32, WireEnum, Sendable {
  case unspecified = 0
  case prepaid = 1
  case postpaid = 2

  public static var wireFallback: PaymentMode { .unspecified }
}

/// Where an account stands.
public enum AccountStatus: Int32, WireEnum, Sendable {
  case unspecified = 0
  case active = 1
  case blocked = 2
  case closed = 3

  public static var wireFallback: AccountStatus { .unspecified }
}

@WireMessage("Open a personal account for a customer.")
public struct OpenAccountRequest: Sendable, Hashable {
  @Field(1, "Customer id") public var customerID: String
  @Field(2, "Account number; empty to have Billing number it") public var number: String
  @Field(3, "Currency, ISO 4217: RUB, KZT, USD or EUR") public var currency: String
  @Field(4, "Prepaid or postpaid") public var paymentMode: PaymentMode
  @Field(5, "Postpaid only: how far below zero the balance may go") public var creditLimit: ExactDecimal
  @Field(6, "Balance under which the customer is warned") public var criticalBalance: ExactDecimal
}

@WireMessage("A personal account with its balance from the ledger.")
public struct Account: Sendable, Hashable {
  @Field(1, "Account id (UUID)") public var id: String
  @Field(2, "Account number") public var number: String
  @Field(3, "Customer id") public var customerID: String
  @Field(4, "Currency") public var currency: String
  @Field(5, "Prepaid or postpaid") public var paymentMode: PaymentMode
  @Field(6, "Credit limit (postpaid)") public var creditLimit: ExactDecimal
  @Field(7, "Critical-balance threshold") public var criticalBalance: ExactDecimal
  @Field(8, "Status") public var status: AccountStatus
  @Field(9, "Why the account is blocked") public var blockedReason: String
  @Field(10, "Since when the account is blocked") public var blockedSince: UTCTimestamp?
  @Field(11, "Balance: the sum of the account's ledger entries") public var balance: ExactDecimal
  @Field(12, "When the account was opened") public var createdAt: UTCTimestamp
  @Field(13, "Postpaid: the day it last became postpaid") public var postpaidSince: CalendarDate?
  @Field(14, "Postpaid: the month end that closed its credit for a debt; empty while the credit is open") public
    var creditClosedOn: CalendarDate?
}

@WireMessage("Change how an account pays: prepaid or postpaid, the credit limit and the critical-balance threshold.")
public struct SetPaymentTermsRequest: Sendable, Hashable {
  @Field(1, "Account number") public var number: String
  @Field(2, "Prepaid or postpaid") public var paymentMode: PaymentMode
  @Field(3, "Postpaid only: how far below zero the balance may go") public var creditLimit: ExactDecimal
  @Field(4, "Balance at or under which the customer is warned") public var criticalBalance: ExactDecimal
}

@WireMessage("Read one account, by id or by number.")
public struct GetAccountRequest: Sendable, Hashable {
  @Field(1, "Account id, or empty") public var accountID: String
  @Field(2, "Account number, or empty") public var number: String
}

@WireMessage("The accounts of one customer.")
public struct ListAccountsRequest: Sendable, Hashable {
  @Field(1, "Customer id") public var customerID: String
  @Field(2, "Page: default 100, at most 5000") public var page: PageRequest
}

@WireMessage("A page of accounts.")
public struct ListAccountsReply: Sendable, Hashable {
  @Field(1, "Accounts") public var accounts: [Account]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("Block or unblock an account.")
public struct SetAccountBlockedRequest: Sendable, Hashable {
  @Field(1, "Account number") public var number: String
  @Field(2, "Reason: required to block; recorded with the unblock") public var reason: String
}

@WireMessage("Published on the event feed as billing.account.blocked / billing.account.unblocked.")
public struct AccountBlockEvent: Sendable, Hashable {
  @Field(1, "Account id") public var accountID: String
  @Field(2, "Account number") public var number: String
  @Field(3, "Customer id") public var customerID: String
  @Field(4, "Reason") public var reason: String
  @Field(5, "When") public var at: UTCTimestamp
}
