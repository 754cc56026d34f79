import GRPCCore
import IdentityAPI
import RPC

/// Translates Identity's RPCs to domain calls; nothing else happens here.
struct IdentityHandlers: RegistrableRPCService {
  let identity: Identity

  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    let identity = self.identity
    router.register(IdentityContract.registerIndividual) { request, _ in try await identity.registerIndividual(request) }
    router.register(IdentityContract.registerCompany) { request, _ in try await identity.registerCompany(request) }
    router.register(IdentityContract.confirmRegistration) { request, _ in try await identity.confirmRegistration(request) }
    router.register(IdentityContract.resendConfirmation) { request, _ in try await identity.resendConfirmation(request) }
    router.register(IdentityContract.signIn) { request, _ in try await identity.signIn(request) }
    router.register(IdentityContract.refresh) { request, _ in try await identity.refresh(request) }
    router.register(IdentityContract.signOut) { _, _ in try await identity.signOut(try Caller.authenticated()) }
    router.register(IdentityContract.listSessions) { request, _ in try await identity.listSessions(request, caller: try Caller.authenticated()) }
    router.register(IdentityContract.revokeSessions) { request, _ in try await identity.revokeSessions(request, caller: try Caller.authenticated()) }
    router.register(IdentityContract.serviceToken) { request, _ in try await identity.serviceToken(request) }
    router.register(IdentityContract.requestRecovery) { request, _ in try await identity.requestRecovery(request) }
    router.register(IdentityContract.resetPassword) { request, _ in try await identity.resetPassword(request) }
    router.register(IdentityContract.changePassword) { request, _ in try await identity.changePassword(request, caller: try Caller.authenticated()) }
    router.register(IdentityContract.requestEmailChange) { request, _ in
      try await identity.requestEmailChange(request, caller: try Caller.authenticated())
    }
    router.register(IdentityContract.confirmEmailChange) { request, _ in try await identity.confirmEmailChange(request) }
    router.register(IdentityContract.listOrganizationUsers) { request, _ in
      try await identity.listOrganizationUsers(request, caller: try Caller.authenticated())
    }
    router.register(IdentityContract.inviteUser) { request, _ in try await identity.inviteUser(request, caller: try Caller.authenticated()) }
    router.register(IdentityContract.acceptInvitation) { request, _ in try await identity.acceptInvitation(request) }
    router.register(IdentityContract.changeMembership) { request, _ in
      try await identity.changeMembership(request, caller: try Caller.authenticated())
    }
    router.register(IdentityContract.listRoles) { _, _ in try await identity.listRoles() }
    router.register(IdentityContract.saveRole) { request, _ in try await identity.saveRole(request, caller: try Caller.authenticated()) }
    router.register(IdentityContract.listPermissions) { _, _ in try await identity.listPermissions() }
    router.register(IdentityContract.registerPermissions) { request, _ in
      try await identity.registerPermissions(request, caller: try Caller.authenticated())
    }
    router.register(IdentityContract.myPermissions) { _, _ in try await identity.myPermissions(try Caller.authenticated()) }
    router.register(IdentityContract.createServiceAccount) { request, _ in
      try await identity.createServiceAccount(request, caller: try Caller.authenticated())
    }
    router.register(IdentityContract.signingKeys) { _, _ in try await identity.signingKeys() }
    router.register(IdentityContract.rotateSigningKey) { _, _ in try await identity.rotateSigningKey(caller: try Caller.authenticated()) }
    router.register(IdentityContract.publishNews) { request, _ in try await identity.publishNews(request, caller: try Caller.authenticated()) }
    router.register(IdentityContract.listNews) { request, _ in try await identity.listNews(request, caller: try Caller.authenticated()) }
    router.register(IdentityContract.markNewsRead) { request, _ in try await identity.markNewsRead(request, caller: try Caller.authenticated()) }
    router.register(IdentityContract.listAuditEvents) { request, _ in try await identity.listAuditEvents(request) }
  }
}
