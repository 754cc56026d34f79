public import RPC

/// The public contract of the Identity service: what callers import to talk to it.
/// Reasons of the refusals are listed in docs/identity.md.
public enum IdentityContract {
  public static let serviceName = "abonent.identity.Identity"
  /// The documented default gRPC port (docs/configuration.md).
  public static let defaultPort = 7401

  static func unary<Request, Reply>(_ name: String, _ access: Access, _ doc: String) -> UnaryMethod<Request, Reply> {
    UnaryMethod(service: serviceName, name: name, access: access, doc: doc)
  }

  // Registration and confirmation.
  public static let registerIndividual: UnaryMethod<RegisterIndividualRequest, RegisterReply> = unary(
    "RegisterIndividual", .public, "Creates an inactive profile for a person and e-mails a confirmation code.")
  public static let registerCompany: UnaryMethod<RegisterCompanyRequest, RegisterReply> = unary(
    "RegisterCompany", .public,
    "Creates an inactive profile for a company (login = prefix + contract number) and e-mails a confirmation code.")
  public static let confirmRegistration: UnaryMethod<ConfirmRegistrationRequest, ConfirmRegistrationReply> = unary(
    "ConfirmRegistration", .public, "Activates a profile with the code from its confirmation e-mail.")
  public static let resendConfirmation: UnaryMethod<ResendConfirmationRequest, Acknowledgement> = unary(
    "ResendConfirmation", .public, "Sends a new confirmation code (rate-limited); the old one stops working.")

  // Sign-in and sessions.
  public static let signIn: UnaryMethod<SignInRequest, TokenPair> = unary(
    "SignIn", .public, "Signs in with login or e-mail and password; returns an access and a refresh token.")
  public static let refresh: UnaryMethod<RefreshRequest, TokenPair> = unary(
    "Refresh", .public, "Rotates a refresh token. Presenting an already used one ends the whole session.")
  public static let signOut: UnaryMethod<SignOutRequest, Acknowledgement> = unary(
    "SignOut", .authenticated, "Ends the caller's session.")
  public static let listSessions: UnaryMethod<ListSessionsRequest, ListSessionsReply> = unary(
    "ListSessions", .authenticated, "Lists the caller's open sessions.")
  public static let revokeSessions: UnaryMethod<RevokeSessionsRequest, RevokeSessionsReply> = unary(
    "RevokeSessions", .authenticated, "Ends one of the caller's sessions, or all (optionally keeping the current one).")
  public static let serviceToken: UnaryMethod<ServiceTokenRequest, TokenPair> = unary(
    "ServiceToken", .public,
    "Client-credentials sign-in of a service account: an access token for service-to-service calls.")

  // Recovery and profile changes.
  public static let requestRecovery: UnaryMethod<RequestRecoveryRequest, Acknowledgement> = unary(
    "RequestPasswordRecovery", .public,
    "E-mails a control string for a password reset; answers the same for unknown accounts.")
  public static let resetPassword: UnaryMethod<ResetPasswordRequest, Acknowledgement> = unary(
    "ResetPassword", .public,
    "Sets a new password; tax id, account or contract, login and control string must all match. Ends all sessions.")
  public static let changePassword: UnaryMethod<ChangePasswordRequest, Acknowledgement> = unary(
    "ChangePassword", .authenticated, "Changes the caller's password and ends their other sessions.")
  public static let requestEmailChange: UnaryMethod<RequestEmailChangeRequest, Acknowledgement> = unary(
    "RequestEmailChange", .authenticated,
    "Sends a confirmation code to a new address; the e-mail changes once it is confirmed.")
  public static let confirmEmailChange: UnaryMethod<ConfirmEmailChangeRequest, Acknowledgement> = unary(
    "ConfirmEmailChange", .public, "Switches to the new e-mail with the code sent there.")

  // Organizations, roles, permissions.
  public static let listOrganizationUsers: UnaryMethod<ListOrganizationUsersRequest, ListOrganizationUsersReply> =
    unary(
      "ListOrganizationUsers", .permission(IdentityPermission.usersRead),
      "Lists the users with access to an organization (customers: their own only).")
  public static let inviteUser: UnaryMethod<InviteUserRequest, InviteUserReply> = unary(
    "InviteUser", .permission(IdentityPermission.usersManage),
    "Invites a person by e-mail to an organization with a role.")
  public static let acceptInvitation: UnaryMethod<AcceptInvitationRequest, Acknowledgement> = unary(
    "AcceptInvitation", .public, "Activates an invited user who chooses a password.")
  public static let changeMembership: UnaryMethod<ChangeMembershipRequest, Acknowledgement> = unary(
    "ChangeMembership", .permission(IdentityPermission.usersManage),
    "Changes a user's role in an organization, or removes them from it.")
  public static let listRoles: UnaryMethod<ListRolesRequest, ListRolesReply> = unary(
    "ListRoles", .authenticated, "Lists the roles and their permissions.")
  public static let saveRole: UnaryMethod<SaveRoleRequest, Acknowledgement> = unary(
    "SaveRole", .permission(IdentityPermission.rolesManage), "Creates or replaces a custom role.")
  public static let listPermissions: UnaryMethod<ListPermissionsRequest, ListPermissionsReply> = unary(
    "ListPermissions", .authenticated, "Lists the permission catalogue.")
  public static let registerPermissions: UnaryMethod<RegisterPermissionsRequest, Acknowledgement> = unary(
    "RegisterPermissions", .permission(IdentityPermission.permissionsRegister),
    "A service adds the permissions it checks to the catalogue.")
  public static let myPermissions: UnaryMethod<MyPermissionsRequest, MyPermissionsReply> = unary(
    "GetMyPermissions", .authenticated, "The caller's role and permissions.")
  public static let createServiceAccount: UnaryMethod<CreateServiceAccountRequest, CreateServiceAccountReply> = unary(
    "CreateServiceAccount", .permission(IdentityPermission.serviceAccountsManage),
    "Creates a service account with client credentials.")

  // Keys.
  public static let signingKeys: UnaryMethod<SigningKeysRequest, SigningKeysReply> = unary(
    "GetSigningKeys", .public, "The public keys that verify access tokens, as a JWKS.")
  public static let rotateSigningKey: UnaryMethod<RotateSigningKeyRequest, SigningKeysReply> = unary(
    "RotateSigningKey", .permission(IdentityPermission.keysRotate),
    "Starts signing with a new key; the previous one verifies until its tokens expire.")

  // News and audit.
  public static let publishNews: UnaryMethod<PublishNewsRequest, PublishNewsReply> = unary(
    "PublishNews", .permission(IdentityPermission.newsPublish),
    "Publishes a news item to all customers or one organization.")
  public static let listNews: UnaryMethod<ListNewsRequest, ListNewsReply> = unary(
    "ListNews", .authenticated, "The caller's news with the unread count.")
  public static let markNewsRead: UnaryMethod<MarkNewsReadRequest, Acknowledgement> = unary(
    "MarkNewsRead", .authenticated, "Marks a news item read for the caller.")
  public static let listAuditEvents: UnaryMethod<ListAuditEventsRequest, ListAuditEventsReply> = unary(
    "ListAuditEvents", .permission(IdentityPermission.auditRead), "Security events with filters, newest first.")

  public static let contract = ServiceContract(
    name: serviceName,
    doc: "People and companies, sign-in, sessions, password recovery, org users, roles and permissions.",
    methods: [
      registerIndividual, registerCompany, confirmRegistration, resendConfirmation,
      signIn, refresh, signOut, listSessions, revokeSessions, serviceToken,
      requestRecovery, resetPassword, changePassword, requestEmailChange, confirmEmailChange,
      listOrganizationUsers, inviteUser, acceptInvitation, changeMembership, listRoles, saveRole,
      listPermissions, registerPermissions, myPermissions, createServiceAccount,
      signingKeys, rotateSigningKey, publishNews, listNews, markNewsRead, listAuditEvents,
    ]
  )
}
