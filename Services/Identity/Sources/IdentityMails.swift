import Mail
import PostgresNIO
import Storage

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The e-mails Identity sends, in Russian and English. They go through the durable mail
/// outbox in the same transaction as the change they report.
enum IdentityMail {
  case confirmRegistration(userID: UUID, code: String, login: String)
  case recovery(login: String, controlString: String)
  case invitation(userID: UUID, token: String)
  case confirmEmailChange(userID: UUID, code: String)

  func render(language: String, cabinetURL: String) -> (subject: String, body: String) {
    let english = language == "en"
    switch self {
    case .confirmRegistration(let userID, let code, let login):
      let id = userID.uuidString.lowercased()
      let link = "\(cabinetURL)/confirm?user_id=\(id)&code=\(code)"
      return english
        ? (
          "Confirm your registration",
          """
          Hello,

          your address was used to register the login \(login).

          Your confirmation code: \(code)

          To confirm, open this link:
          \(link)

          or enter the code at \(cabinetURL)/confirm?user_id=\(id)

          Your profile stays inactive until you confirm it.

          This message was generated automatically.
          """
        )
        : (
          "Подтверждение регистрации",
          """
          Здравствуйте,

          Вы получили это сообщение, так как ваш адрес был использован при регистрации нового пользователя \(login).

          Ваш код для подтверждения регистрации: \(code)

          Для подтверждения регистрации перейдите по следующей ссылке:
          \(link)

          Вы также можете ввести код для подтверждения регистрации на странице:
          \(cabinetURL)/confirm?user_id=\(id)

          Внимание! Ваш профиль не будет активным, пока вы не подтвердите свою регистрацию.

          Сообщение сгенерировано автоматически.
          """
        )
    case .recovery(let login, let controlString):
      let link = "\(cabinetURL)/reset?login=\(login)&control=\(controlString)"
      return english
        ? (
          "Password recovery",
          """
          Hello,

          a new password was requested for the login \(login).

          Control string: \(controlString)

          To set a new password, open \(link) and enter your tax id, personal account or contract number, login and the control string.

          If you did not ask for this, ignore this message.
          """
        )
        : (
          "Восстановление пароля",
          """
          Здравствуйте,

          для логина \(login) запрошена смена пароля.

          Контрольная строка: \(controlString)

          Чтобы задать новый пароль, перейдите по ссылке \(link) и укажите ИИН / БИН, лицевой счёт или номер договора, логин и контрольную строку.

          Если вы не запрашивали смену пароля, просто проигнорируйте это письмо.
          """
        )
    case .invitation(let userID, let token):
      let link = "\(cabinetURL)/invitation?user_id=\(userID.uuidString.lowercased())&token=\(token)"
      return english
        ? (
          "You are invited to the customer cabinet",
          "Hello,\n\nyou have been given access to a customer cabinet. To accept, choose a password here:\n\(link)\n"
        )
        : (
          "Приглашение в личный кабинет",
          "Здравствуйте,\n\nвам открыт доступ к личному кабинету. Чтобы принять приглашение, задайте пароль по ссылке:\n\(link)\n"
        )
    case .confirmEmailChange(let userID, let code):
      let link = "\(cabinetURL)/email?user_id=\(userID.uuidString.lowercased())&code=\(code)"
      return english
        ? (
          "Confirm your new e-mail",
          "Hello,\n\nconfirm this address for your profile with the code \(code) or the link:\n\(link)\n"
        )
        : (
          "Подтверждение нового адреса",
          "Здравствуйте,\n\nподтвердите этот адрес для вашего профиля кодом \(code) или по ссылке:\n\(link)\n"
        )
    }
  }
}

extension Identity {
  func queueMail(
    _ mail: IdentityMail, to address: String, name: String?, language: String, on connection: PostgresConnection
  ) async throws {
    let (subject, body) = mail.render(language: language, cabinetURL: self.settings.cabinetURL)
    try await MailOutbox.enqueue(
      Mail(to: [MailAddress(address, name: name)], subject: subject, body: body), on: connection, logger: self.logger)
  }
}
