import PostgresNIO
import Foundation
enum IdentityMail {
  case confirmRegistration(userID: UUID, code: String, login: String)
  case recovery(login: String, controlString: String)
  case invitation(userID: UUID, token: String)
  case confirmEmailChange(userID: UUID, code: String)
}
extension Identity {
  func queueMail(_ mail: IdentityMail, to address: String, name: String?, language: String, on connection: PostgresConnection) async throws {}
}
