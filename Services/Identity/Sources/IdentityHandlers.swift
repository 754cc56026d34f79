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
    router.register(IdentityContract.signOut, caller: { _, caller in try await identity.signOut(caller) })
    router.register(IdentityContract.listSessions, caller: identity.listSessions)
    router.register(IdentityContract.revokeSessions, caller: identity.revokeSessions)
    router.register(IdentityContract.serviceToken) { request, _ in try await identity.serviceToken(request) }
    router.register(IdentityContract.requestRecovery) { request, _ in try await identity.requestRecovery(request) }
    router.register(IdentityContract.resetPassword) { request, _ in try await identity.resetPassword(request) }
    router.register(IdentityContract.changePassword, caller: identity.changePassword)
    router.register(IdentityContract.requestEmailChange, caller: identity.requestEmailChange)
    router.register(IdentityContract.confirmEmailChange) { request, _ in try await identity.confirmEmailChange(request) }
    router.register(IdentityContract.listOrganizationUsers, caller: identity.listOrganizationUsers)
    router.register(IdentityContract.inviteUser, caller: identity.inviteUser)
    router.register(IdentityContract.acceptInvitation) { request, _ in try await identity.acceptInvitation(request) }
    router.register(IdentityContract.changeMembership, caller: identity.changeMembership)
    router.register(IdentityContract.listRoles) { _, _ in try await identity.listRoles() }
    router.register(IdentityContract.saveRole, caller: identity.saveRole)
    router.register(IdentityContract.listPermissions) { _, _ in try await identity.listPermissions() }
    router.register(IdentityContract.registerPermissions, caller: identity.registerPermissions)
    router.register(IdentityContract.myPermissions, caller: { _, caller in try await identity.myPermissions(caller) })
    router.register(IdentityContract.createServiceAccount, caller: identity.createServiceAccount)
    router.register(IdentityContract.signingKeys) { _, _ in try await identity.signingKeys() }
    router.register(IdentityContract.rotateSigningKey, caller: { _, caller in try await identity.rotateSigningKey(caller: caller) })
    router.register(IdentityContract.publishNews, caller: identity.publishNews)
    router.register(IdentityContract.listNews, caller: identity.listNews)
    router.register(IdentityContract.markNewsRead, caller: identity.markNewsRead)
    router.register(IdentityContract.listAuditEvents) { request, _ in try await identity.listAuditEvents(request) }
  }
}
