import TelecomAPI
import TelecomRules

/// Rating a call record (docs/telecom.md, "Call records"): the decision AuthorizeCall gives at
/// the call's start, then the price of what was used, under the retail and the wholesale row.
extension RatingBook {
  func rate(_ call: IncomingCall) -> RatedCall {
    switch self.decide(
      account: call.accountNumber, number: call.dialed, service: call.service, place: call.placeOfService,
      at: call.startedAt)
    {
    case .locked(let lock, _):
      return .unrated(call, "LOCKED", lockID: lock.id)
    case .noRetailPrice:
      return .unrated(call, "NO_RETAIL_PRICE")
    case .noWholesalePrice:
      return .unrated(call, "NO_WHOLESALE_PRICE")
    case .allowed(let offer):
      guard let retail = offer.retail, let wholesale = offer.wholesale,
        let retailMinor = Self.charge(retail.match.value, quantity: call.quantity, timed: call.service.isTimed),
        let wholesaleMinor = Self.charge(wholesale.match.value, quantity: call.quantity, timed: call.service.isTimed)
      else { return .unrated(call, "CHARGE_OUT_OF_RANGE") }
      return RatedCall(
        call: call, reason: "", lockID: nil, provider: offer.provider, retailMinor: retailMinor,
        retailCurrency: retail.currency, wholesaleMinor: wholesaleMinor, wholesaleCurrency: wholesale.currency)
    }
  }

  /// `quantity` under `price`, in minor units (RetailPrice's exact arithmetic, rounded once);
  /// 0 for nothing used, since an unanswered call pays no connection fee. Nil when the amount
  /// is beyond what can be represented.
  static func charge(_ price: Price, quantity: Int64, timed: Bool) -> Int64? {
    guard quantity > 0 else { return 0 }
    guard let tariffication = try? Tariffication(first: price.firstIncrement, next: price.nextIncrement),
      let terms = try? RetailPrice(
        pricePerUnit: price.priceMicros, unitSize: price.unit, tariffication: tariffication,
        connectionFee: price.connectionFeeMicros),
      let billed = try? tariffication.billed(
        quantity, limit: timed ? Tariffication.maximumDurationSeconds : Tariffication.maximumUnitCount),
      let charge = try? terms.charge(billedUnits: billed)
    else { return nil }
    return charge.minorUnits
  }
}
