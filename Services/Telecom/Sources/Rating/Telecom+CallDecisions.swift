import RPC
import TelecomAPI
import TelecomRules
import WireCodec

/// AuthorizeCall and the tariff check (docs/telecom.md, "Rating and call locks"; the seed's
/// «Проверка Lock» and «Проверка тарифа»): answered from the in-memory rating book, with no
/// database call, so a switch's question costs microseconds.
extension Telecom {
  func authorizeCall(_ request: AuthorizeCallRequest, caller: Caller) throws -> AuthorizeCallReply {
    try caller.require(TelecomPermission.callsAuthorize)
    let number = try Self.dialedNumber(request.dialedNumber, field: "dialedNumber")
    var checks = FieldChecks()
    checks.text(request.accountNumber, field: "accountNumber", name: "The account number", maximum: 32)
    if request.service == .unspecified { checks.add("service", "SERVICE_REQUIRED", "Choose the billed service.") }
    try checks.check()
    let book = self.rating.book
    switch book.decide(
      account: request.accountNumber, number: number, service: request.service, place: request.placeOfService,
      at: self.now.microsecondsSinceEpoch)
    {
    case .allowed(let offer):
      return AuthorizeCallReply(
        allowed: true, reason: "", provider: offer.provider, retail: offer.retail.map(Self.priceRow),
        wholesale: offer.wholesale.map(Self.priceRow), lock: nil)
    case .locked(let lock, let global):
      return AuthorizeCallReply(
        allowed: false, reason: global ? "LOCKED_GLOBAL" : "LOCKED_ACCOUNT", provider: "", retail: nil,
        wholesale: nil, lock: lock)
    case .noRetailPrice:
      return AuthorizeCallReply(allowed: false, reason: "NO_RETAIL_PRICE", provider: "", retail: nil, wholesale: nil)
    case .noWholesalePrice:
      return AuthorizeCallReply(
        allowed: false, reason: "NO_WHOLESALE_PRICE", provider: "", retail: nil, wholesale: nil)
    }
  }

  func checkTariff(_ request: CheckTariffRequest, caller: Caller) throws -> CheckTariffReply {
    try caller.require(TelecomPermission.pricesRead)
    let number = try Self.dialedNumber(request.number, field: "number")
    var checks = FieldChecks()
    if request.service == .unspecified { checks.add("service", "SERVICE_REQUIRED", "Choose the billed service.") }
    if request.ratingPlan.isEmpty && request.accountNumber.isEmpty {
      checks.add("accountNumber", "ACCOUNT_OR_PLAN", "Name the account, or the rating plan to check.")
    }
    try checks.check()
    let book = self.rating.book
    guard let plan = request.ratingPlan.isEmpty ? book.accountPlans[request.accountNumber] : request.ratingPlan else {
      throw TelecomError.noRatingPlan
    }
    let offers = book.offers(
      plan: plan, number: number, incoming: request.incomingService, service: request.service,
      place: request.placeOfService, at: self.now.microsecondsSinceEpoch)
    let reason =
      if !offers.contains(where: { $0.retail != nil }) {
        "NO_RETAIL_PRICE"
      } else if !offers.contains(where: { $0.retail != nil && $0.wholesale != nil }) {
        "NO_WHOLESALE_PRICE"
      } else {
        ""
      }
    return CheckTariffReply(
      offers: offers.map { offer in
        TariffOffer(
          provider: offer.provider, providerName: book.providers[offer.provider]?.name ?? "",
          retail: offer.retail.map(Self.priceRow), wholesale: offer.wholesale.map(Self.priceRow))
      }, reason: reason, ratingPlan: plan)
  }

  /// `text` as dialed digits (one leading + allowed), or INVALID_ARGUMENT naming `field`.
  static func dialedNumber(_ text: String, field: String) throws(ValidationFailure) -> DialedDigits {
    do {
      return try DialedDigits(dialedNumber: text)
    } catch {
      throw ValidationFailure([
        FieldViolation(field, "NUMBER_FORMAT", "A number is 1 to 20 digits, optionally after a +.")
      ])
    }
  }

  static func priceRow(_ priced: (match: PrefixMatch<RatingBook.Price>, currency: String)) -> PriceRow {
    let price = priced.match.value
    return PriceRow(
      prefix: priced.match.prefix.description, priceMicros: price.priceMicros, unit: UInt32(price.unit),
      firstIncrement: UInt32(price.firstIncrement), nextIncrement: UInt32(price.nextIncrement),
      connectionFeeMicros: price.connectionFeeMicros,
      validFrom: UTCTimestamp(microsecondsSinceEpoch: priced.match.validFrom),
      validTo: priced.match.validTo.map { UTCTimestamp(microsecondsSinceEpoch: $0) }, currency: priced.currency)
  }
}
