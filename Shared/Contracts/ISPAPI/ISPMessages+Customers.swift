public import WireCodec

@WireMessage("A postal address.")
public struct PostalAddress: Sendable, Hashable {
  @Field(1, "Street, number and complement, at most 200 characters") public var street: String
  @Field(2, "District, at most 100 characters") public var district: String
  @Field(3, "City, at most 100 characters; the circuit name takes its first three letters") public var city: String
  @Field(4, "State, at most 50 characters") public var state: String
  @Field(5, "Postal code, at most 20 characters") public var postalCode: String
}

@WireMessage(
  "Register a Billing customer as an ISP subscriber: its code, city and addresses (the first is the installation default, the second the billing one); idempotent per customer."
)
public struct RegisterCustomerRequest: Sendable, Hashable {
  @Field(1, "Billing customer id") public var customerID: String
  @Field(2, "City of the customer's record, at most 100 characters") public var city: String
  @Field(3, "Addresses, at most 10: the first is «PADRÃO-INSTALAÇÃO», the second «PADRÃO» billing and fiscal")
  public var addresses: [PostalAddress]
}

@WireMessage("An ISP subscriber: a Billing customer with its code, city and addresses.")
public struct ISPCustomer: Sendable, Hashable {
  @Field(1, "Billing customer id") public var customerID: String
  @Field(2, "Customer code, 1–999999: the circuit name's six digits") public var code: Int32
  @Field(3, "Name (Billing's)") public var name: String
  @Field(4, "City of the customer's record") public var city: String
  @Field(5, "Addresses, in order") public var addresses: [PostalAddress]
  @Field(6, "False once inactivated (cancelling the last plan, when the setting says so)") public var active: Bool
  @Field(7, "When registered here") public var createdAt: UTCTimestamp
}

@WireMessage("One ISP customer.")
public struct GetISPCustomerRequest: Sendable, Hashable {
  @Field(1, "Billing customer id") public var customerID: String
}

@WireMessage("A customer created in Billing and here in the same call (the transfer's «Novo Cliente»).")
public struct NewISPCustomer: Sendable, Hashable {
  @Field(1, "Name, 1–200 characters") public var name: String
  @Field(2, "A company (true) or a person") public var company: Bool
  @Field(3, "Contract number, unique in Billing") public var contractNumber: String
  @Field(4, "Contact e-mail") public var email: String
  @Field(5, "City") public var city: String
  @Field(6, "Addresses, at most 10") public var addresses: [PostalAddress]
  @Field(7, "Number of the account opened for it in Billing") public var accountNumber: String
  @Field(8, "Currency of that account: one Billing keeps (RUB, KZT, USD, EUR)") public var currency: String
}
