import GRPCCore
import IdentityAPI
import RPC

/// Translates Identity's RPCs to domain calls; nothing else happens here.
struct IdentityHandlers: RegistrableRPCService {
  let identity: Identity

  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    let identity = self.identity
    router.register(IdentityContract.registerIndividual) { request, _ in try await identity.registerIndividual(request)
    }
    router.register(IdentityContract.registerCompany) { request, _ in try await identity.registerCompany(request) }
    router.register(IdentityContract.confirmRegistration) { request, _ in
      try await identity.confirmRegistration(request)
    }
    router.register(IdentityContract.resendConfirmation) { request, _ in try await identity.resendConfirmation(request)
    }
    router.register(IdentityContract.signIn) { request, _ in try await identity.signIn(request) }
    router.register(IdentityContract.refresh) { request, _ in try await identity.refresh(request) }
    router.registerAuthenticated(IdentityContract.signOut, { _, caller in try await identity.signOut(caller) })
    router.registerAuthenticated(IdentityContract.listSessions, identity.listSessions)
    router.registerAuthenticated(IdentityContract.revokeSessions, identity.revokeSessions)
    router.register(IdentityContract.serviceToken) { request, _ in try await identity.serviceToken(request) }
    router.register(IdentityContract.requestRecovery) { request, _ in try await identity.requestRecovery(request) }
    router.register(IdentityContract.resetPassword) { request, _ in try await identity.resetPassword(request) }
    router.registerAuthenticated(IdentityContract.changePassword, identity.changePassword)
    router.registerAuthenticated(IdentityContract.requestEmailChange, identity.requestEmailChange)
    router.register(IdentityContract.confirmEmailChange) { request, _ in try await identity.confirmEmailChange(request)
    }
    router.registerAuthenticated(IdentityContract.listOrganizationUsers, identity.listOrganizationUsers)
    router.registerAuthenticated(IdentityContract.inviteUser, identity.inviteUser)
    router.register(IdentityContract.acceptInvitation) { request, _ in try await identity.acceptInvitation(request) }
    router.registerAuthenticated(IdentityContract.changeMembership, identity.changeMembership)
    router.register(IdentityContract.listRoles) { request, _ in try await identity.listRoles(request) }
    router.registerAuthenticated(IdentityContract.saveRole, identity.saveRole)
    router.register(IdentityContract.listPermissions) { _, _ in try await identity.listPermissions() }
    router.registerAuthenticated(IdentityContract.registerPermissions, identity.registerPermissions)
    router.registerAuthenticated(
      IdentityContract.myPermissions, { _, caller in try await identity.myPermissions(caller) })
    router.registerAuthenticated(IdentityContract.createServiceAccount, identity.createServiceAccount)
    router.register(IdentityContract.signingKeys) { _, _ in try await identity.signingKeys() }
    router.registerAuthenticated(
      IdentityContract.rotateSigningKey, { _, caller in try await identity.rotateSigningKey(caller: caller) })
    router.registerAuthenticated(IdentityContract.publishNews, identity.publishNews)
    router.registerAuthenticated(IdentityContract.listNews, identity.listNews)
    router.registerAuthenticated(IdentityContract.markNewsRead, identity.markNewsRead)
    router.register(IdentityContract.listAuditEvents) { request, _ in try await identity.listAuditEvents(request) }
  }
}
