public import WireCodec

/// The language of a person's e-mails and texts.
public enum Language: Int32, WireEnum, Sendable {
  case unspecified = 0
  case russian = 1
  case english = 2

  public static var wireFallback: Language { .unspecified }
}

@WireMessage("A private person signs up.")
public struct RegisterIndividualRequest: Sendable, Hashable {
  @Field(1, "Sign-in e-mail; the confirmation is sent here") public var email: String
  @Field(2, "At least the configured minimum length") public var password: String
  @Field(3, "Must equal password") public var passwordConfirmation: String
  @Field(4, "Full name") public var fullName: String
  @Field(5, "Language of e-mails (default Russian)") public var language: Language
}

@WireMessage("A company (legal entity) signs up; its login is made from the contract number.")
public struct RegisterCompanyRequest: Sendable, Hashable {
  @Field(1, "Company name") public var companyName: String
  @Field(2, "Sign-in e-mail; the confirmation is sent here") public var email: String
  @Field(3, "Tax id: Russian INN (10 digits) or Kazakh BIN (12 digits)") public var taxID: String
  @Field(4, "The operator's contract number; the login is the configured prefix + this") public var contractNumber:
    String
  @Field(5, "Send monthly invoices by e-mail") public var invoicesByEmail: Bool
  @Field(6, "At least the configured minimum length") public var password: String
  @Field(7, "Must equal password") public var passwordConfirmation: String
  @Field(8, "Language of e-mails (default Russian)") public var language: Language
}

@WireMessage("A new, not yet confirmed profile.")
public struct RegisterReply: Sendable, Hashable {
  @Field(1, "The new user's id (used in the confirmation link)") public var userID: String
  @Field(2, "The login to sign in with") public var login: String
  @Field(3, "Where the confirmation e-mail went") public var confirmationSentTo: String
}

@WireMessage("The code from the confirmation e-mail.")
public struct ConfirmRegistrationRequest: Sendable, Hashable {
  @Field(1, "The user id from the link") public var userID: String
  @Field(2, "The 8-character code") public var code: String
}

@WireMessage("The profile is active.")
public struct ConfirmRegistrationReply: Sendable, Hashable {
  @Field(1, "The login to sign in with") public var login: String
}

@WireMessage("Send the confirmation e-mail again, with a new code.")
public struct ResendConfirmationRequest: Sendable, Hashable {
  @Field(1, "The user id from the registration reply") public var userID: String
}

@WireMessage("Done; nothing to report.")
public struct Acknowledgement: Sendable, Hashable {
  @Field(1, "A short human-readable note") public var note: String
}
