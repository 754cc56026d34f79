import WireCodec

/// The e-mails Billing sends to customers, in Russian (the customers' language in RU and KZ).
enum BillingMails {
  static func shortOfFunds(
    customerName: String, accountNumber: String, serviceName: String, price: String, available: String,
    date: CalendarDate
  ) -> (subject: String, body: String) {
    (
      "Недостаточно средств для подключения услуги «\(serviceName)»",
      """
      Здравствуйте, \(customerName)!

      На \(date) было запланировано подключение услуги «\(serviceName)» по лицевому счёту \(accountNumber).
      Стоимость первого периода: \(price); доступно на счёте: \(available).
      Услуга не подключена. Пополните счёт — мы подключим её в ближайшую ночь после поступления средств.
      """
    )
  }

  static func autopayInsufficientFunds(customerName: String, accountNumber: String, amount: String, cardHint: String)
    -> (subject: String, body: String)
  {
    (
      "Автоплатёж отключён: недостаточно средств на карте",
      """
      Здравствуйте, \(customerName)!

      Мы пытались пополнить лицевой счёт \(accountNumber) на \(amount) с карты \(cardHint), но банк ответил, что на карте недостаточно средств.
      Автоплатёж отключён, чтобы не повторять списание. Включите его снова в личном кабинете, когда на карте будут средства.
      """
    )
  }

  static func invoiceReminder(
    customerName: String, invoiceNumber: String, accountNumber: String, outstanding: String, dueOn: CalendarDate
  ) -> (subject: String, body: String) {
    (
      "Напоминание об оплате счёта \(invoiceNumber)",
      """
      Здравствуйте, \(customerName)!

      Счёт \(invoiceNumber) по лицевому счёту \(accountNumber) не оплачен: к оплате \(outstanding).
      Оплатите его до \(dueOn) включительно. Если оплата не поступит, лицевой счёт будет заблокирован на следующий рабочий день.
      """
    )
  }

  static func creditClosed(customerName: String, accountNumber: String, debt: String, date: CalendarDate) -> (
    subject: String, body: String
  ) {
    (
      "Кредит по лицевому счёту \(accountNumber) закрыт, счёт заблокирован",
      """
      Здравствуйте, \(customerName)!

      На \(date) платежи по лицевому счёту \(accountNumber) не покрыли счета за прошлые месяцы: не оплачено \(debt).
      Кредитный лимит закрыт, лицевой счёт заблокирован. Пополнения кредит не возобновляют: после поступления оплаты на всю сумму долга кредит будет возобновлён, а счёт разблокирован в ближайшую ночь.
      """
    )
  }

  static func correction(customerName: String, number: String, corrected: String, difference: String) -> (
    subject: String, body: String
  ) {
    (
      "Корректировочный документ \(number) к \(corrected)",
      """
      Здравствуйте, \(customerName)!

      Направляем корректировочный документ \(number) к документу \(corrected). Изменение суммы: \(difference).
      Документ приложен к письму в формате PDF.
      """
    )
  }

  static func criticalBalance(
    customerName: String, accountNumber: String, balance: String, threshold: String, invoiceNumber: String?
  ) -> (subject: String, body: String) {
    let invoice = invoiceNumber.map { "\nК письму приложен последний выставленный счёт \($0)." } ?? ""
    return (
      "Баланс лицевого счёта \(accountNumber) достиг критического значения",
      """
      Здравствуйте, \(customerName)!

      Баланс лицевого счёта \(accountNumber): \(balance) — это не больше критического порога \(threshold).
      Пополните счёт, чтобы услуги не были приостановлены.\(invoice)
      """
    )
  }
}
