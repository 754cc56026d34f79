import BillingAPI
import PostgresNIO

extension AccountRow {
  /// `accounts.status` as stored.
  enum Status: String, PostgresCodable, Sendable {
    case active, blocked, closed

    var message: AccountStatus {
      switch self {
      case .active: .active
      case .blocked: .blocked
      case .closed: .closed
      }
    }
  }

  /// `accounts.blocked_by`: who blocked the account. Each lifts only its own blocks
  /// (collections when the overdue invoices are paid, postpaid when the credit comes back).
  enum Blocker: String, PostgresCodable, Sendable {
    case nobody = ""
    case staff, collections, postpaid
  }

  /// `accounts.payment_mode` as stored.
  enum Mode: String, PostgresCodable, Sendable {
    case prepaid, postpaid

    var message: PaymentMode { self == .postpaid ? .postpaid : .prepaid }
  }
}

extension PaymentMode {
  /// The stored form of the mode (`prepaid` for anything but postpaid).
  var column: AccountRow.Mode { self == .postpaid ? .postpaid : .prepaid }
}
