public import WireCodec

@WireMessage("Ask for a password-reset e-mail. The answer is the same whether or not the account exists.")
public struct RequestRecoveryRequest: Sendable, Hashable {
  @Field(1, "Login or e-mail") public var login: String
}

@WireMessage("Set a new password with the control string from the recovery e-mail; every field must match the account.")
public struct ResetPasswordRequest: Sendable, Hashable {
  @Field(1, "The company's tax id (INN / BIN / IIN)") public var taxID: String
  @Field(2, "Personal account or contract number") public var accountOrContract: String
  @Field(3, "Login") public var login: String
  @Field(4, "Control string from the e-mail") public var controlString: String
  @Field(5, "New password") public var newPassword: String
  @Field(6, "Must equal new_password") public var newPasswordConfirmation: String
}

@WireMessage("Change my password; my other sessions end.")
public struct ChangePasswordRequest: Sendable, Hashable {
  @Field(1, "Current password") public var currentPassword: String
  @Field(2, "New password") public var newPassword: String
  @Field(3, "Must equal new_password") public var newPasswordConfirmation: String
}

@WireMessage("Change my e-mail: a confirmation goes to the new address; the switch happens when it is confirmed.")
public struct RequestEmailChangeRequest: Sendable, Hashable {
  @Field(1, "The new address") public var newEmail: String
  @Field(2, "Current password") public var password: String
}

@WireMessage("The code sent to the new address.")
public struct ConfirmEmailChangeRequest: Sendable, Hashable {
  @Field(1, "The user id from the link") public var userID: String
  @Field(2, "The code") public var code: String
}
