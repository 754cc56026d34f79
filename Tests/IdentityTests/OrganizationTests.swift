import GRPCCore
import IdentityAPI
import RPC
import TestSupport
import Testing

@Suite(
  "Organizations, roles and isolation",
  .enabled(
    if: TestDatabase.isAvailable && SMTPSink.isAvailable,
    "needs the test PostgreSQL and aiosmtpd (scripts/test.sh provides both)"))
struct OrganizationTests {
  @Test("a customer sees its own organization's users but not another's; staff see both")
  func isolation() async throws {
    try await IdentityTestbed.with { bed in
      let alpha = try await bed.registeredCompany(
        email: "a@alpha.ru", taxID: "7707083893", contract: "A1", password: "alpha password")
      let beta = try await bed.registeredCompany(
        email: "b@beta.ru", taxID: "7736207543", contract: "B1", password: "beta password")
      let alphaMe = try await bed.call(IdentityContract.myPermissions, MyPermissionsRequest(), token: alpha.accessToken)
      let betaMe = try await bed.call(IdentityContract.myPermissions, MyPermissionsRequest(), token: beta.accessToken)

      let own = try await bed.call(
        IdentityContract.listOrganizationUsers, ListOrganizationUsersRequest(), token: alpha.accessToken)
      #expect(own.users.map(\.email) == ["a@alpha.ru"])
      let other = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.listOrganizationUsers, ListOrganizationUsersRequest(organizationID: betaMe.organizationID),
          token: alpha.accessToken)
      }
      #expect(other?.code == .permissionDenied)

      let admin = try await bed.adminToken()
      let seen = try await bed.call(
        IdentityContract.listOrganizationUsers, ListOrganizationUsersRequest(organizationID: betaMe.organizationID),
        token: admin)
      #expect(seen.users.map(\.email) == ["b@beta.ru"])
      #expect(alphaMe.organizationID != betaMe.organizationID)
    }
  }

  @Test(
    "an owner invites a member by e-mail; the member sets a password, signs in, cannot manage users; the owner removes them"
  )
  func invitation() async throws {
    try await IdentityTestbed.with { bed in
      let owner = try await bed.registeredCompany(
        email: "owner@gamma.ru", taxID: "7830002293", contract: "G1", password: "owner password")
      let invited = try await bed.call(
        IdentityContract.inviteUser, InviteUserRequest(email: "member@gamma.ru", role: "member", language: .english),
        token: owner.accessToken)
      let mail = try await bed.mail(to: "member@gamma.ru")
      #expect(mail.subject == "You are invited to the customer cabinet")
      let token = try IdentityTestbed.field(after: "token=", in: mail.text)
      _ = try await bed.call(
        IdentityContract.acceptInvitation,
        AcceptInvitationRequest(
          userID: invited.userID, token: token, fullName: "Member", password: "member password",
          passwordConfirmation: "member password"))
      let member = try await bed.call(
        IdentityContract.signIn, SignInRequest(login: "member@gamma.ru", password: "member password"))
      let denied = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.inviteUser, InviteUserRequest(email: "x@gamma.ru", role: "member"), token: member.accessToken
        )
      }
      #expect(denied?.code == .permissionDenied)
      let staffRole = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.inviteUser, InviteUserRequest(email: "y@gamma.ru", role: "admin"), token: owner.accessToken)
      }
      #expect(staffRole?.violations == ["role": "ROLE_NOT_FOR_ORGANIZATION"])
      _ = try await bed.call(
        IdentityContract.changeMembership, ChangeMembershipRequest(userID: invited.userID, role: ""),
        token: owner.accessToken)
      let users = try await bed.call(
        IdentityContract.listOrganizationUsers, ListOrganizationUsersRequest(), token: owner.accessToken)
      #expect(users.users.map(\.email) == ["owner@gamma.ru"])
      let removed = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.signIn, SignInRequest(login: "member@gamma.ru", password: "member password"))
      }
      #expect(removed?.reason == "INVALID_CREDENTIALS")
    }
  }

  @Test("news reach customers with an unread count; marking read lowers it")
  func news() async throws {
    try await IdentityTestbed.with { bed in
      let customer = try await bed.registeredCompany(
        email: "n@news.ru", taxID: "7707083893", contract: "N1", password: "news password")
      let admin = try await bed.adminToken()
      let published = try await bed.call(
        IdentityContract.publishNews, PublishNewsRequest(title: "Плановые работы", body: "Ночью 25-го."), token: admin)
      _ = try await bed.call(
        IdentityContract.publishNews, PublishNewsRequest(title: "Second", body: "Text"), token: admin)
      var news = try await bed.call(IdentityContract.listNews, ListNewsRequest(), token: customer.accessToken)
      #expect(news.unread == 2 && news.items.map(\.title) == ["Second", "Плановые работы"])
      _ = try await bed.call(
        IdentityContract.markNewsRead, MarkNewsReadRequest(newsID: published.newsID), token: customer.accessToken)
      news = try await bed.call(IdentityContract.listNews, ListNewsRequest(), token: customer.accessToken)
      #expect(news.unread == 1 && news.items.filter(\.read).map(\.id) == [published.newsID])
      let denied = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.publishNews, PublishNewsRequest(title: "x", body: "y"), token: customer.accessToken)
      }
      #expect(denied?.code == .permissionDenied)
    }
  }

  @Test(
    "paging: pages follow each other, an oversized page and a forged token are refused, an extreme token answers without harm"
  )
  func paging() async throws {
    try await IdentityTestbed.with { bed in
      let owner = try await bed.registeredCompany(
        email: "p@paging.ru", taxID: "7707083893", contract: "P1", password: "paging password")
      for index in 0..<3 {
        _ = try await bed.call(
          IdentityContract.inviteUser, InviteUserRequest(email: "u\(index)@paging.ru", role: "member"),
          token: owner.accessToken)
      }
      let first = try await bed.call(
        IdentityContract.listOrganizationUsers, ListOrganizationUsersRequest(page: PageRequest(size: 2)),
        token: owner.accessToken)
      let second = try await bed.call(
        IdentityContract.listOrganizationUsers,
        ListOrganizationUsersRequest(page: PageRequest(size: 2, token: first.nextPageToken)),
        token: owner.accessToken)
      #expect(first.users.count == 2 && second.users.count == 2 && second.nextPageToken.isEmpty)
      #expect(Set((first.users + second.users).map(\.email)).count == 4)
      let tooLarge = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.listOrganizationUsers, ListOrganizationUsersRequest(page: PageRequest(size: 501)),
          token: owner.accessToken)
      }
      #expect(tooLarge?.reason == "PAGE_TOO_LARGE")
      let forged = await bed.refusal {
        _ = try await bed.call(
          IdentityContract.listOrganizationUsers,
          ListOrganizationUsersRequest(page: PageRequest(token: "1; DROP TABLE users")), token: owner.accessToken)
      }
      #expect(forged?.reason == "PAGE_TOKEN_INVALID")
      for extreme in [
        "-9223372036854775808_00000000-0000-0000-0000-000000000000",
        "9223372036854775807_ffffffff-ffff-ffff-ffff-ffffffffffff",
      ] {
        _ = try await bed.call(
          IdentityContract.listOrganizationUsers, ListOrganizationUsersRequest(page: PageRequest(token: extreme)),
          token: owner.accessToken)
      }
    }
  }
}
