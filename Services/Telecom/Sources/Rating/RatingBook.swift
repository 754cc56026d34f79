import TelecomAPI
import TelecomRules
import WireCodec

/// Everything a call is decided and rated from, read from the database at one generation
/// (docs/telecom.md, "Rating and call locks"): price tables per provider, rating plans of
/// accounts, and the locks. Immutable; ``RatingState`` swaps in a new one when prices or locks
/// change, so a decision never waits for the database or a lock.
struct RatingBook: Sendable {
  /// One price row's terms; its prefix and validity are the table's.
  struct Price: Sendable, Equatable {
    let priceMicros: Int64
    let unit: Int64
    let firstIncrement: Int64
    let nextIncrement: Int64
    let connectionFeeMicros: Int64
  }

  struct ProviderFacts: Sendable {
    let name: String
    let incomingService: BilledService
  }

  /// A provider's list for one key, with the currency its prices are in.
  struct ProviderPrices: Sendable {
    let provider: String
    let currency: String
    let table: PrefixTable<Price>
  }

  struct RetailKey: Hashable, Sendable {
    let ratingPlan: String
    let service: BilledService
    let placeOfService: String
  }

  struct RouteKey: Hashable, Sendable {
    let service: BilledService
    let placeOfService: String
  }

  /// The database's `rating_generation` these tables were read at; -1 before the first read.
  var generation: Int64 = -1
  var providers: [String: ProviderFacts] = [:]
  var accountPlans: [String: String] = [:]
  /// Retail lists by plan, service and place; each provider's in provider-code order.
  var retail: [RetailKey: [ProviderPrices]] = [:]
  /// Wholesale lists by service and place, by provider code.
  var wholesale: [RouteKey: [String: ProviderPrices]] = [:]
  var locks = CallLockSet.empty
  /// The locks as callers see them, by the id ``locks`` reports.
  var lockDetails: [Int64: CallLock] = [:]

  /// A provider's prices for one destination: retail under the plan, wholesale, or either missing.
  struct Offer: Sendable {
    let provider: String
    let retail: (match: PrefixMatch<Price>, currency: String)?
    let wholesale: (match: PrefixMatch<Price>, currency: String)?
  }

  /// What a switch is told.
  enum Decision: Sendable {
    case allowed(Offer)
    case locked(CallLock, global: Bool)
    case noRetailPrice
    case noWholesalePrice
  }

  /// The seed's tariff check: every provider with a retail price under `plan` or a wholesale
  /// price for the destination, by provider code; `incoming` keeps only providers serving it.
  func offers(
    plan: String, number: DialedDigits, incoming: BilledService, service: BilledService, place: String,
    at instant: Int64
  ) -> [Offer] {
    let retailLists = self.retail[RetailKey(ratingPlan: plan, service: service, placeOfService: place)] ?? []
    let wholesaleLists = self.wholesale[RouteKey(service: service, placeOfService: place)] ?? [:]
    var codes = Set(retailLists.map(\.provider)).union(wholesaleLists.keys)
    if incoming != .unspecified {
      codes = codes.filter { code in
        let serves = self.providers[code]?.incomingService ?? .unspecified
        return serves == .unspecified || serves == incoming
      }
    }
    return codes.sorted().compactMap { code in
      let retail = retailLists.first { $0.provider == code }.flatMap { list in
        list.table.longestMatch(number, at: instant).map { (match: $0, currency: list.currency) }
      }
      let wholesale = wholesaleLists[code].flatMap { list in
        list.table.longestMatch(number, at: instant).map { (match: $0, currency: list.currency) }
      }
      return retail == nil && wholesale == nil ? nil : Offer(provider: code, retail: retail, wholesale: wholesale)
    }
  }

  /// Whether a call from `account` to `number` may be connected: the most specific lock
  /// refuses it; else the provider with a retail price under the account's plan and the
  /// cheapest wholesale price (by price per unit, then code) carries it. The same answer as
  /// filtering ``offers(plan:number:incoming:service:place:at:)``, without building the list:
  /// this runs for every call a switch asks about and every CDR stored.
  func decide(
    account: String, number: DialedDigits, service: BilledService, place: String, at instant: Int64
  ) -> Decision {
    if let rule = self.locks.lock(for: number, account: account), let lock = self.lockDetails[rule.id] {
      return .locked(lock, global: rule.scope == .global)
    }
    guard let plan = self.accountPlans[account],
      let retailLists = self.retail[RetailKey(ratingPlan: plan, service: service, placeOfService: place)]
    else { return .noRetailPrice }
    let wholesaleLists = self.wholesale[RouteKey(service: service, placeOfService: place)]
    var priced = false
    var best: Offer?
    var bestPrice = Int64.max
    for list in retailLists {
      guard let retail = list.table.longestMatch(number, at: instant) else { continue }
      priced = true
      guard let route = wholesaleLists?[list.provider], let wholesale = route.table.longestMatch(number, at: instant)
      else { continue }
      let price = wholesale.value.priceMicros
      // Retail lists are in provider-code order: on an equal price the first one seen wins.
      if price < bestPrice {
        bestPrice = price
        best = Offer(
          provider: list.provider, retail: (match: retail, currency: list.currency),
          wholesale: (match: wholesale, currency: route.currency))
      }
    }
    if let best { return .allowed(best) }
    return priced ? .noWholesalePrice : .noRetailPrice
  }
}

extension CallLockSet {
  /// A set without locks.
  static let empty: CallLockSet = try! CallLockSet([])  // An empty list cannot be refused.
}
