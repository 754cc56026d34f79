import GRPCCore
import PostgresNIO
import RPC
import Storage
import TelecomAPI
import TestSupport
import Testing
import WireCodec

/// Price lists, the tariff check, call locks and AuthorizeCall over real gRPC on a real
/// PostgreSQL (docs/telecom.md, "Rating and call locks"; the seed's «Проверка Lock» and
/// «Проверка тарифа»).
@Suite(
  "Rating: price lists, tariff check, call locks",
  .enabled(
    if: TestDatabase.isAvailable && PrivateOsmoHLR.canStart,
    "needs the test PostgreSQL and osmo-hlr (scripts/test.sh provides both)"))
struct RatingTests {
  /// The seed's destination: +381 11 4112060 (Belgrade), dialed from Moscow.
  static let belgrade = "+381114112060"

  /// Providers MSK-MEGAFON and SPB-MTS, plan BASE (RUB), account LS-1 on it; MSK-MEGAFON
  /// sells 381 retail at 12.50 a minute and buys it wholesale at 8.10; SPB-MTS only buys 3811.
  func prices(_ bed: TelecomTestbed) async throws -> String {
    let staff = try await TelecomTestbed.staffToken()
    _ = try await bed.call(
      TelecomContract.createProvider,
      Provider(code: "MSK-MEGAFON", name: "Москва, Мегафон", incomingService: .unspecified, createdAt: .epoch),
      token: staff)
    _ = try await bed.call(
      TelecomContract.createProvider,
      Provider(code: "SPB-MTS", name: "Санкт-Петербург, МТС", incomingService: .incomingOfficeCall, createdAt: .epoch),
      token: staff)
    _ = try await bed.call(
      TelecomContract.createRatingPlan, RatingPlan(code: "BASE", name: "Базовый", currency: "RUB", createdAt: .epoch),
      token: staff)
    _ = try await bed.call(
      TelecomContract.setAccountRatingPlan, SetAccountRatingPlanRequest(accountNumber: "LS-1", ratingPlan: "BASE"),
      token: staff)
    try await self.load(
      bed, provider: "MSK-MEGAFON", kind: .retail, plan: "BASE",
      csv: "prefix,price,unit,increments,connection_fee,valid_from,valid_to\n381,12.50,60,60/60,0,2026-01-01,")
    try await self.load(
      bed, provider: "MSK-MEGAFON", kind: .wholesale, csv: "381;8.10;60;1/1;0;2026-01-01;", currency: "RUB")
    try await self.load(
      bed, provider: "SPB-MTS", kind: .wholesale, csv: "3811,6.00,60,1/1,0,2026-01-01,", currency: "RUB")
    return staff
  }

  func load(
    _ bed: TelecomTestbed, provider: String, kind: PriceListKind, plan: String = "", csv: String, currency: String = ""
  ) async throws {
    let reply = try await bed.call(
      TelecomContract.importPriceList,
      ImportPriceListRequest(
        key: PriceListKey(
          provider: provider, kind: kind, ratingPlan: plan, service: .outgoingCall, placeOfService: "MSK"),
        csv: csv, currency: currency),
      token: try await TelecomTestbed.staffToken())
    #expect(reply.errors.isEmpty && reply.version > 0, "\(reply.errors)")
  }

  func authorize(_ bed: TelecomTestbed, account: String, number: String) async throws -> AuthorizeCallReply {
    try await bed.call(
      TelecomContract.authorizeCall,
      AuthorizeCallRequest(accountNumber: account, dialedNumber: number, service: .outgoingCall, placeOfService: "MSK"),
      token: try await TelecomTestbed.staffToken([TelecomPermission.callsAuthorize]))
  }

  @Test("the seed's tariff check: providers with retail and wholesale found; with no retail provider, the reason")
  func tariffCheck() async throws {
    try await TelecomTestbed.with { bed in
      let staff = try await self.prices(bed)
      let found = try await bed.call(
        TelecomContract.checkTariff,
        CheckTariffRequest(
          number: Self.belgrade, accountNumber: "LS-1", ratingPlan: "", incomingService: .unspecified,
          service: .outgoingCall, placeOfService: "MSK"), token: staff)
      #expect(found.reason == "" && found.ratingPlan == "BASE")
      #expect(found.offers.map(\.provider) == ["MSK-MEGAFON", "SPB-MTS"])
      let megafon = try #require(found.offers.first)
      #expect(megafon.providerName == "Москва, Мегафон")
      #expect(megafon.retail?.prefix == "381" && megafon.retail?.priceMicros == 12_500_000)
      #expect(megafon.retail?.currency == "RUB" && megafon.retail?.firstIncrement == 60)
      #expect(megafon.wholesale?.prefix == "381" && megafon.wholesale?.priceMicros == 8_100_000)
      // SPB-MTS buys the longer prefix 3811 but sells nothing under BASE.
      #expect(found.offers.last?.retail == nil && found.offers.last?.wholesale?.prefix == "3811")

      // The seed's second case: the same parameters, and no retail provider in the list.
      _ = try await bed.call(
        TelecomContract.createRatingPlan,
        RatingPlan(code: "EMPTY", name: "Без розницы", currency: "RUB", createdAt: .epoch),
        token: staff)
      let none = try await bed.call(
        TelecomContract.checkTariff,
        CheckTariffRequest(
          number: Self.belgrade, accountNumber: "", ratingPlan: "EMPTY", incomingService: .unspecified,
          service: .outgoingCall, placeOfService: "MSK"), token: staff)
      #expect(none.reason == "NO_RETAIL_PRICE")
      #expect(none.offers.allSatisfy { $0.retail == nil } && none.offers.count == 2)

      // The incoming-service filter keeps providers serving it (or any).
      let office = try await bed.call(
        TelecomContract.checkTariff,
        CheckTariffRequest(
          number: Self.belgrade, accountNumber: "LS-1", ratingPlan: "", incomingService: .callForwarding,
          service: .outgoingCall, placeOfService: "MSK"), token: staff)
      #expect(office.offers.map(\.provider) == ["MSK-MEGAFON"])
    }
  }

  @Test("AuthorizeCall: the cheapest wholesale provider with a retail price; NO_RETAIL_PRICE; NO_WHOLESALE_PRICE")
  func authorization() async throws {
    try await TelecomTestbed.with { bed in
      _ = try await self.prices(bed)
      let allowed = try await self.authorize(bed, account: "LS-1", number: Self.belgrade)
      #expect(allowed.allowed && allowed.reason == "" && allowed.provider == "MSK-MEGAFON")
      #expect(allowed.retail?.priceMicros == 12_500_000 && allowed.wholesale?.priceMicros == 8_100_000)

      // No retail prefix for Germany; no plan at all for LS-2.
      #expect(try await self.authorize(bed, account: "LS-1", number: "4930123456").reason == "NO_RETAIL_PRICE")
      #expect(try await self.authorize(bed, account: "LS-2", number: Self.belgrade).reason == "NO_RETAIL_PRICE")

      // A retail price for 44 with nobody to buy it from.
      try await self.load(
        bed, provider: "MSK-MEGAFON", kind: .retail, plan: "BASE",
        csv: "381,12.50,60,60/60,0,2026-01-01,\n44,20.00,60,60/60,0.50,2026-01-01,")
      let noRoute = try await self.authorize(bed, account: "LS-1", number: "442071234567")
      #expect(!noRoute.allowed && noRoute.reason == "NO_WHOLESALE_PRICE")

      // SPB-MTS sells 381 too: it buys 3811 cheaper, so it carries the call.
      _ = try await bed.call(
        TelecomContract.createRatingPlan,
        RatingPlan(code: "SPARE", name: "Запасной", currency: "RUB", createdAt: .epoch),
        token: try await TelecomTestbed.staffToken())
      try await self.load(bed, provider: "SPB-MTS", kind: .retail, plan: "BASE", csv: "38,11.00,60,60/60,0,2026-01-01,")
      let cheaper = try await self.authorize(bed, account: "LS-1", number: Self.belgrade)
      #expect(cheaper.allowed && cheaper.provider == "SPB-MTS" && cheaper.wholesale?.prefix == "3811")

      let bad = await bed.refusal { _ = try await self.authorize(bed, account: "LS-1", number: "38-11") }
      #expect(bad?.code == .invalidArgument && bad?.violations == ["dialedNumber": "NUMBER_FORMAT"])
    }
  }

  @Test("locks: account and global, the most specific reported with its author; history; delete needs its permission")
  func locks() async throws {
    try await TelecomTestbed.with { bed in
      let staff = try await self.prices(bed)
      let accountLock = try await bed.call(
        TelecomContract.createLock,
        CreateLockRequest(accountNumber: "LS-1", prefix: "38", provider: "MSK-MEGAFON", reason: "fraud to Serbia"),
        token: staff)
      let locked = try await self.authorize(bed, account: "LS-1", number: Self.belgrade)
      #expect(!locked.allowed && locked.reason == "LOCKED_ACCOUNT")
      #expect(locked.lock?.id == accountLock.id && locked.lock?.createdBy == "staff:staff-1")

      // A global lock on a longer prefix is the more specific one.
      let global = try await bed.call(
        TelecomContract.createLock,
        CreateLockRequest(accountNumber: "", prefix: "38111", provider: "MSK-MEGAFON", reason: "premium numbers"),
        token: staff)
      let moreSpecific = try await self.authorize(bed, account: "LS-1", number: Self.belgrade)
      #expect(moreSpecific.reason == "LOCKED_GLOBAL" && moreSpecific.lock?.id == global.id)
      // The seed's search: everything starting 3, 38, 381… for this number.
      let listed = try await bed.call(
        TelecomContract.listLocks, ListLocksRequest(accountNumber: "LS-1", number: "381114112060", page: .init()),
        token: staff)
      #expect(listed.locks.map(\.prefix) == ["38"])

      _ = try await bed.call(
        TelecomContract.changeLock,
        ChangeLockRequest(id: accountLock.id, prefix: "381", provider: "MSK-MEGAFON", reason: "fraud to Belgrade"),
        token: try await TelecomTestbed.staffToken([TelecomPermission.locksManage]))

      // Staff who set locks may not delete them: a separate permission.
      let refused = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.deleteLock, DeleteLockRequest(id: global.id, reason: "done"),
          token: try await TelecomTestbed.staffToken([TelecomPermission.locksManage, TelecomPermission.locksRead]))
      }
      #expect(refused?.code == .permissionDenied)
      #expect(try await self.authorize(bed, account: "LS-1", number: Self.belgrade).reason == "LOCKED_GLOBAL")

      _ = try await bed.call(
        TelecomContract.deleteLock, DeleteLockRequest(id: global.id, reason: "lifted by the manager"),
        token: try await TelecomTestbed.staffToken([TelecomPermission.locksDelete]))
      let back = try await self.authorize(bed, account: "LS-1", number: Self.belgrade)
      #expect(back.reason == "LOCKED_ACCOUNT" && back.lock?.prefix == "381")
      // Another account is not held by LS-1's lock.
      _ = try await bed.call(
        TelecomContract.setAccountRatingPlan, SetAccountRatingPlanRequest(accountNumber: "LS-2", ratingPlan: "BASE"),
        token: staff)
      #expect(try await self.authorize(bed, account: "LS-2", number: Self.belgrade).allowed)

      let history = try await bed.call(
        TelecomContract.lockHistory, LockHistoryRequest(id: global.id, page: .init()), token: staff)
      #expect(history.changes.map(\.action) == [.created, .deleted])
      #expect(history.changes.map(\.actor) == ["staff:staff-1", "staff:staff-1"])
      #expect(history.changes.last?.reason == "lifted by the manager")
      let changed = try await bed.call(
        TelecomContract.lockHistory, LockHistoryRequest(id: accountLock.id, page: .init()), token: staff)
      #expect(changed.changes.map(\.action) == [.created, .changed])
      #expect(changed.changes.map(\.prefix) == ["38", "381"])

      let gone = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.deleteLock, DeleteLockRequest(id: global.id, reason: "again"), token: staff)
      }
      #expect(gone?.reason == "LOCK_NOT_FOUND")
      let duplicate = await bed.refusal {
        _ = try await bed.call(
          TelecomContract.createLock,
          CreateLockRequest(accountNumber: "LS-1", prefix: "381", provider: "MSK-MEGAFON", reason: "twice"),
          token: staff)
      }
      #expect(duplicate?.reason == "LOCK_EXISTS")
    }
  }

  @Test("a price list with a bad line changes nothing; a good one replaces the version at once")
  func importVersions() async throws {
    try await TelecomTestbed.with { bed in
      _ = try await self.prices(bed)
      let refused = try await bed.call(
        TelecomContract.importPriceList,
        ImportPriceListRequest(
          key: PriceListKey(
            provider: "MSK-MEGAFON", kind: .retail, ratingPlan: "BASE", service: .outgoingCall, placeOfService: "MSK"),
          csv: "381,9.99,60,60/60,0,2026-01-01,\n38x,1,60,60/60,0,2026-01-01,\n39,1.1234567,60,60/60,0,2026-01-01,",
          currency: ""),
        token: try await TelecomTestbed.staffToken())
      #expect(refused.version == 0)
      #expect(refused.errors.map(\.line) == [2, 3])
      #expect(refused.errors.map(\.reason) == ["PREFIX_FORMAT", "PRICE_FORMAT"])
      #expect(try await self.authorize(bed, account: "LS-1", number: Self.belgrade).retail?.priceMicros == 12_500_000)

      try await self.load(
        bed, provider: "MSK-MEGAFON", kind: .retail, plan: "BASE", csv: "381,9.99,60,60/60,0,2026-01-01,")
      #expect(try await self.authorize(bed, account: "LS-1", number: Self.belgrade).retail?.priceMicros == 9_990_000)
      let stored = try await TestDatabase.running(bed.database) { database in
        try await database.withConnection { connection in
          try await connection.query(
            """
            SELECT count(*) FROM price_rows r JOIN price_lists l ON l.id = r.price_list_id
            WHERE l.provider = 'MSK-MEGAFON' AND l.kind = 'retail'
            """, logger: database.logger
          ).decode(Int64.self).collect()
        }
      }
      #expect(stored == [1], "the version before was not removed")
    }
  }
}
