public import RPC
public import WireCodec

/// What Identity publishes on its event feed (`abonent.identity.Events/Subscribe`).
public enum IdentityEvents {
  public static let companyConfirmed = EventType<CompanyConfirmedEvent>(
    "identity", "company", "confirmed",
    doc:
      "A company's owner confirmed its registration: its organization, contract, address and the form's «Получать счёт-извещение на email»."
  )

  /// Every event type of the feed.
  public static let allNames: [String] = [companyConfirmed.name]
}

@WireMessage("Published as identity.company.confirmed once a company's registration is confirmed.")
public struct CompanyConfirmedEvent: Sendable, Hashable {
  @Field(1, "The company's organization") public var organizationID: String
  @Field(2, "Its contract number") public var contractNumber: String
  @Field(3, "Its tax id (BIN, INN)") public var taxID: String
  @Field(4, "The owner's confirmed e-mail address") public var email: String
  @Field(5, "Monthly invoices by e-mail, as ticked on the form") public var invoicesByEmail: Bool
  @Field(6, "The company's name") public var companyName: String
}
