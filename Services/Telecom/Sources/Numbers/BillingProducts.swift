import BillingAPI
import BillingReferenceData
import GRPCCore
import RPC
import WireCodec

/// What the DID pool asks Billing (docs/telecom.md, "Life of a number"): subscriptions (the
/// products numbers are attached to), the customer behind an account, the customer's country
/// calendar, and closing an unpaid subscription. Always outside a database transaction.
/// Telecom's service token needs `billing.accounts.read`, `billing.customers.read`,
/// `billing.invoices.read` (calendars) and `billing.subscriptions.manage`.
struct BillingProducts: Sendable {
  let billing: ServiceClient

  /// The subscription, or nil when Billing has none.
  func subscription(_ id: String) async throws -> Subscription? {
    try await Self.translated {
      try await self.billing.call(
        BillingContract.getSubscription, GetSubscriptionRequest(subscriptionID: id), idempotent: true)
    }
  }

  /// The account and its customer, or nil when Billing has no such account.
  func customer(ofAccount number: String) async throws -> (Account, Customer)? {
    try await Self.translated {
      let account = try await self.billing.call(
        BillingContract.getAccount, GetAccountRequest(accountID: "", number: number), idempotent: true)
      let customer = try await self.billing.call(
        BillingContract.getCustomer, GetCustomerRequest(customerID: account.customerID), idempotent: true)
      return (account, customer)
    }
  }

  /// The business calendar of `country` for `years`, with staff's edits in Billing; weekends
  /// only for countries Billing keeps no calendar of.
  func calendar(_ country: Country, years: [Int]) async throws -> BusinessCalendar {
    guard country == .russia || country == .kazakhstan else {
      return try BusinessCalendar(country: "ZZ", years: [])
    }
    var days: [CalendarDate: DayKind] = [:]
    for year in years {
      let reply = try await Self.translated {
        try await self.billing.call(
          BillingContract.listCalendar, ListCalendarRequest(country: country, year: Int32(year)), idempotent: true)
      }
      for day in reply?.days ?? [] {
        days[day.date] = day.working ? .working(name: day.name) : .holiday(name: day.name)
      }
    }
    // Billing's list holds every day that is not plain Monday–Friday; on top of an empty year
    // it gives exactly Billing's calendar.
    return try BusinessCalendar(country: "ZZ", years: [], overrides: days)
  }

  /// What closing an unpaid subscription came to.
  enum CloseOutcome: Sendable {
    /// Closed now, or found closed already.
    case closed
    /// It was activated meanwhile: the number is in work.
    case active
    /// Billing has no such subscription.
    case missing
  }

  /// Closes the subscription if it is still New; otherwise says what it is.
  func closeUnpaid(_ id: String, reason: String) async throws -> CloseOutcome {
    do {
      _ = try await self.billing.call(
        BillingContract.closeSubscription,
        ChangeSubscriptionRequest(subscriptionID: id, reason: reason, expectedStatus: .new))
      return .closed
    } catch let error as RPCError where error.code == .failedPrecondition || error.code == .unavailable {
      // Refused (no longer New) — or the answer was lost: either way, ask what it is now.
      guard let now = try await self.subscription(id) else { return .missing }
      switch now.status {
      case .closed: return .closed
      case .active, .suspended: return .active
      default: throw TelecomError.billingUnavailable
      }
    } catch let error as RPCError where error.code == .notFound {
      return .missing
    } catch let error as RPCError where error.code == .permissionDenied || error.code == .unauthenticated {
      throw TelecomError.billingRefusedProducts
    }
  }

  /// Billing's answer, nil for NOT_FOUND, TelecomError for the rest.
  static func translated<Reply: Sendable>(_ body: () async throws -> Reply) async throws -> Reply? {
    do {
      return try await body()
    } catch let error as RPCError where error.code == .notFound {
      return nil
    } catch let error as RPCError where error.code == .permissionDenied || error.code == .unauthenticated {
      throw TelecomError.billingRefusedProducts
    } catch let error as RPCError where error.code == .invalidArgument {
      throw TelecomError(code: .failedPrecondition, reason: "BILLING_REFUSED", message: error.message)
    } catch let error as TelecomError {
      throw error
    } catch {
      throw TelecomError.billingUnavailable
    }
  }
}

extension TelecomError {
  static let billingRefusedProducts = TelecomError(
    code: .unavailable, reason: "BILLING_UNAVAILABLE",
    message:
      "Billing refused Telecom's request: Telecom's service account needs \(BillingPermission.accountsRead.name), "
      + "\(BillingPermission.customersRead.name), \(BillingPermission.invoicesRead.name) and "
      + "\(BillingPermission.subscriptionsManage.name).")
}

extension Country {
  /// ISO code for logs and the pool's rows.
  var code: String {
    switch self {
    case .russia: "RU"
    case .kazakhstan: "KZ"
    default: "other"
    }
  }
}
