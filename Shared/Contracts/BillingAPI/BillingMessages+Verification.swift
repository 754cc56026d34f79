public import WireCodec

@WireMessage(
  "Does a customer with this tax id hold this contract or personal account? Asked by Identity before a company registers or a password is reset."
)
public struct VerifyCustomerReferenceRequest: Sendable, Hashable {
  @Field(1, "Tax id as the person typed it") public var taxID: String
  @Field(2, "Contract number or personal account number") public var reference: String
  @Field(3, "Identity organization to link the customer to if it has none yet (UUID), or empty") public
    var linkOrganizationID: String
}

@WireMessage("The answer: only whether it matches, and the link to use.")
public struct VerifyCustomerReferenceReply: Sendable, Hashable {
  @Field(1, "The tax id holds the contract, or an open account of it") public var holds: Bool
  @Field(2, "The customer's id when it holds") public var customerID: String
  @Field(3, "The Identity organization the customer is linked to when it holds (after linking), or empty") public
    var organizationID: String
}
