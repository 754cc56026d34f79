public import RPC
public import WireCodec

/// Whether a customer is a person or a company.
public enum CustomerKind: Int32, WireEnum, Sendable {
  case unspecified = 0
  case individual = 1
  case legalEntity = 2

  public static var wireFallback: CustomerKind { .unspecified }
}

/// The customer's country: it decides the local currency and the business-day calendar.
public enum Country: Int32, WireEnum, Sendable {
  case unspecified = 0
  case russia = 1
  case kazakhstan = 2
  case other = 3

  public static var wireFallback: Country { .unspecified }
}

@WireMessage("What a customer is; the id and creation time are set by Billing.")
public struct CustomerDetails: Sendable, Hashable {
  @Field(1, "Individual or legal entity") public var kind: CustomerKind
  @Field(2, "Full name of the person or the company") public var name: String
  @Field(
    3,
    "Tax id: Russian INN (10 or 12 digits) or Kazakh IIN/BIN (12 digits), check digits verified; may be empty for individuals"
  ) public var taxID: String
  @Field(4, "Contract number, unique") public var contractNumber: String
  @Field(5, "Country") public var country: Country
  @Field(6, "Region name") public var region: String
  @Field(7, "The region is a test region: excluded from reports") public var regionIsTest: Bool
  @Field(8, "Agent or partner who brought the customer") public var agent: String
  @Field(9, "Responsible manager") public var manager: String
  @Field(10, "Free tags") public var tags: [String]
  @Field(11, "Contact e-mail") public var email: String
  @Field(12, "Contact phone") public var phone: String
  @Field(13, "Excluded from mailings") public var excludedFromMailings: Bool
  @Field(14, "Why the customer is excluded from mailings") public var mailingComment: String
  @Field(15, "The Identity organization whose users act for this customer (UUID); empty when none yet") public
    var organizationID: String
}

@WireMessage("A customer as Billing keeps it.")
public struct Customer: Sendable, Hashable {
  @Field(1, "Customer id (UUID)") public var id: String
  @Field(2, "Details") public var details: CustomerDetails
  @Field(3, "When the customer was created") public var createdAt: UTCTimestamp
}

@WireMessage("Create a customer.")
public struct CreateCustomerRequest: Sendable, Hashable {
  @Field(1, "Details") public var details: CustomerDetails
}

@WireMessage("Read one customer.")
public struct GetCustomerRequest: Sendable, Hashable {
  @Field(1, "Customer id") public var customerID: String
}

@WireMessage(
  "Search customers. Filled criteria combine with AND; none at all lists every customer visible to the caller.")
public struct SearchCustomersRequest: Sendable, Hashable {
  @Field(1, "Personal account number, exact") public var accountNumber: String
  @Field(
    2,
    "Name or company, case-insensitive; % matches any run of characters (Попов%, %сервис); without % the whole name must match"
  ) public var name: String
  @Field(3, "Tax id, exact") public var taxID: String
  @Field(4, "Contract number, exact") public var contractNumber: String
  @Field(5, "Page: default 100, at most 5000") public var page: PageRequest
  @Field(6, "Contact phone in any common spelling (+7 495 000-00-00, 8 (495) 000 00 00, 4950000000), compared in E.164")
  public var phone: String
}

@WireMessage("A page of customers, in creation order.")
public struct SearchCustomersReply: Sendable, Hashable {
  @Field(1, "Customers") public var customers: [Customer]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}
