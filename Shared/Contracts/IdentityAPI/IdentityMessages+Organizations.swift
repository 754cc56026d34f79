public import RPC
public import WireCodec

@WireMessage("The users with access to an organization.")
public struct ListOrganizationUsersRequest: Sendable, Hashable {
  @Field(1, "Organization id; empty for the caller's own") public var organizationID: String
  @Field(2, "Page") public var page: PageRequest
}

@WireMessage("A user of an organization.")
public struct OrganizationUser: Sendable, Hashable {
  @Field(1, "User id") public var userID: String
  @Field(2, "Login") public var login: String
  @Field(3, "E-mail") public var email: String
  @Field(4, "Full name") public var fullName: String
  @Field(5, "Role name") public var role: String
  @Field(6, "Whether the profile is confirmed and may sign in") public var active: Bool
}

@WireMessage("A page of organization users.")
public struct ListOrganizationUsersReply: Sendable, Hashable {
  @Field(1, "Users") public var users: [OrganizationUser]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("Invite someone by e-mail to an organization with a role.")
public struct InviteUserRequest: Sendable, Hashable {
  @Field(1, "Organization id; empty for the caller's own") public var organizationID: String
  @Field(2, "E-mail of the person invited") public var email: String
  @Field(3, "Role name, e.g. member") public var role: String
  @Field(4, "Language of the invitation e-mail") public var language: Language
}

@WireMessage("The invitation was sent.")
public struct InviteUserReply: Sendable, Hashable {
  @Field(1, "The invited user's id") public var userID: String
}

@WireMessage("Accept an invitation by choosing a password.")
public struct AcceptInvitationRequest: Sendable, Hashable {
  @Field(1, "The user id from the invitation link") public var userID: String
  @Field(2, "The token from the invitation link") public var token: String
  @Field(3, "Full name") public var fullName: String
  @Field(4, "Password") public var password: String
  @Field(5, "Must equal password") public var passwordConfirmation: String
}

@WireMessage("Change a user's role in an organization, or remove them from it.")
public struct ChangeMembershipRequest: Sendable, Hashable {
  @Field(1, "Organization id; empty for the caller's own") public var organizationID: String
  @Field(2, "The user") public var userID: String
  @Field(3, "The new role name; empty to remove the user from the organization") public var role: String
}

@WireMessage("List roles.")
public struct ListRolesRequest: Sendable, Hashable {
  @Field(1, "Which page; roles are ordered by audience, then name") public var page: PageRequest
}

@WireMessage("A named bundle of permissions.")
public struct RoleInfo: Sendable, Hashable {
  @Field(1, "Name, unique") public var name: String
  @Field(2, "staff or customer") public var audience: String
  @Field(3, "Permissions granted") public var permissions: [String]
  @Field(4, "Shipped with Abonent (cannot be changed)") public var builtIn: Bool
}

@WireMessage("All roles.")
public struct ListRolesReply: Sendable, Hashable {
  @Field(1, "Roles") public var roles: [RoleInfo]
  @Field(2, "Token for the next page; empty on the last") public var nextPageToken: String
}

@WireMessage("Create or replace a custom role.")
public struct SaveRoleRequest: Sendable, Hashable {
  @Field(1, "The role") public var role: RoleInfo
}

@WireMessage("One permission of the catalogue.")
public struct PermissionInfo: Sendable, Hashable {
  @Field(1, "Name, e.g. telecom.sims.block") public var name: String
  @Field(2, "The service that checks it") public var service: String
  @Field(3, "What it allows") public var doc: String
}

@WireMessage("A service registers the permissions it checks.")
public struct RegisterPermissionsRequest: Sendable, Hashable {
  @Field(1, "Permissions; each name must start with the service name and a dot") public var permissions:
    [PermissionInfo]
}

@WireMessage("List the permission catalogue.")
public struct ListPermissionsRequest: Sendable, Hashable {}

@WireMessage("The permission catalogue.")
public struct ListPermissionsReply: Sendable, Hashable {
  @Field(1, "Permissions") public var permissions: [PermissionInfo]
}

@WireMessage("What the caller may do.")
public struct MyPermissionsRequest: Sendable, Hashable {}

@WireMessage("The caller's roles and permissions.")
public struct MyPermissionsReply: Sendable, Hashable {
  @Field(1, "User id") public var userID: String
  @Field(2, "Organization id") public var organizationID: String
  @Field(3, "customer, staff or service") public var kind: String
  @Field(4, "Role name") public var role: String
  @Field(5, "Permissions") public var permissions: [String]
}

@WireMessage("Create a service account for another service.")
public struct CreateServiceAccountRequest: Sendable, Hashable {
  @Field(1, "Name, e.g. billing") public var name: String
  @Field(2, "Permissions its tokens carry") public var permissions: [String]
}

@WireMessage("The new account's credentials; the secret is shown only here.")
public struct CreateServiceAccountReply: Sendable, Hashable {
  @Field(1, "Client id") public var clientID: String
  @Field(2, "Client secret") public var clientSecret: String
}
