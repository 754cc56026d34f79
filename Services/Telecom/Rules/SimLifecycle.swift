/// The states a SIM card goes through (docs/telecom.md, "SIM states"). `ready` SIMs are
/// stock: known to the network with their access off, on no account. An account's SIMs are
/// `active` or `blocked` (by the customer or staff); while the account is blocked for debt
/// they are `debtBlocked`, remembering which of the two they were. `retired` is the end.
public enum SimState: String, Sendable, CaseIterable, Codable {
  case ready
  case active
  case blocked
  case debtBlocked = "debt_blocked"
  case retired
}

/// What may be done to a SIM. The first group are the operations people run (the seed's
/// buttons); the last three are Billing's debt decisions and staff's retirement.
public enum SimOperation: String, Sendable, CaseIterable, Codable {
  case assign
  case block
  case unblock
  case reboot
  case edit
  case setLimit = "set_limit"
  case setPackage = "set_package"
  case refresh
  case debtBlock = "debt_block"
  case debtUnblock = "debt_unblock"
  case retire
}

/// A SIM's profile: which commercial controls apply to it. **TC** SIMs have limits (a data
/// cap and a spend cap the network enforces); **TD** SIMs have traffic packages (a bundle of
/// data bought in advance). A SIM has one profile; the other profile's control is refused.
public enum SimProfile: String, Sendable, CaseIterable, Codable {
  case tc = "TC"
  case td = "TD"
}

/// What the network must be told when an operation is allowed.
public enum NetworkAction: Sendable, Equatable {
  /// Nothing to tell it (an edit of Abonent's own fields, or a state the network already has).
  case none
  /// Switch the subscriber's network access on or off.
  case access(enabled: Bool)
  /// Reset its connectivity (detach, so it attaches afresh).
  case reset
  /// Set the TC limit or the TD package.
  case limit
  case package
  /// Read its status back.
  case status
  /// Remove the subscriber from the network.
  case remove
}

/// An operation the lifecycle refuses, with the stable reason the API returns.
public enum SimRefusal: Error, Sendable, Equatable {
  case notAssigned
  case alreadyAssigned
  case alreadyBlocked
  case notBlocked
  case blocked
  case blockedForDebt
  case notBlockedForDebt
  case retired
  case needsProfile(SimProfile)

  public var reason: String {
    switch self {
    case .notAssigned: "SIM_NOT_ASSIGNED"
    case .alreadyAssigned: "SIM_ALREADY_ASSIGNED"
    case .alreadyBlocked: "SIM_ALREADY_BLOCKED"
    case .notBlocked: "SIM_NOT_BLOCKED"
    case .blocked: "SIM_BLOCKED"
    case .blockedForDebt: "ACCOUNT_BLOCKED_FOR_DEBT"
    case .notBlockedForDebt: "SIM_NOT_BLOCKED_FOR_DEBT"
    case .retired: "SIM_RETIRED"
    case .needsProfile(.tc): "LIMITS_NEED_TC_PROFILE"
    case .needsProfile(.td): "PACKAGES_NEED_TD_PROFILE"
    }
  }

  public var message: String {
    switch self {
    case .notAssigned: "The SIM is not on an account yet: assign it to a customer's account first."
    case .alreadyAssigned: "The SIM is already on an account."
    case .alreadyBlocked: "The SIM is already blocked."
    case .notBlocked: "The SIM is not blocked."
    case .blocked: "The SIM is blocked: unblock it first."
    case .blockedForDebt:
      "The account is blocked for debt: its SIMs and operations on them are blocked until the invoices are paid."
    case .notBlockedForDebt: "The SIM is not blocked for debt."
    case .retired: "The SIM is retired."
    case .needsProfile(.tc):
      "Limits apply to SIMs of the TC profile only; this SIM is TD (set a traffic package instead)."
    case .needsProfile(.td):
      "Traffic packages apply to SIMs of the TD profile only; this SIM is TC (set a limit instead)."
    }
  }
}

/// A SIM as the lifecycle sees it.
public struct SimStatus: Sendable, Equatable {
  public var state: SimState
  /// The state a debt block will restore (`active` or `blocked`); nil outside a debt block.
  public var beforeDebt: SimState?
  public var profile: SimProfile

  public init(state: SimState, beforeDebt: SimState? = nil, profile: SimProfile) {
    self.state = state
    self.beforeDebt = beforeDebt
    self.profile = profile
  }
}

/// The outcome of an allowed operation: the SIM afterwards and what the network must do.
public struct SimTransition: Sendable, Equatable {
  public let after: SimStatus
  public let network: NetworkAction
}

/// The SIM state machine: every (state, operation) pair is either a transition or a refusal
/// with a stable reason. docs/telecom.md prints this table, and a test checks the page
/// against it.
public enum SimLifecycle {
  public static func apply(_ operation: SimOperation, to sim: SimStatus) -> Result<SimTransition, SimRefusal> {
    var after = sim
    func to(_ state: SimState, _ network: NetworkAction) -> Result<SimTransition, SimRefusal> {
      after.state = state
      return .success(SimTransition(after: after, network: network))
    }
    if sim.state == .retired { return .failure(.retired) }
    // The people's operations: none while the account is blocked for debt (seed 000, "блокировка
    // сим-карт и операций над ними в ЛК"), and only assignment and edits on a stock SIM.
    let refusal: SimRefusal? =
      switch sim.state {
      case .debtBlocked: .blockedForDebt
      case .ready: .notAssigned
      default: nil
      }
    switch operation {
    case .retire:
      after.beforeDebt = nil
      return to(.retired, .remove)
    case .debtBlock:
      // A SIM on no account, or already held for the debt, has nothing to block.
      guard sim.state == .active || sim.state == .blocked else {
        return sim.state == .ready ? .failure(.notAssigned) : .failure(.alreadyBlocked)
      }
      after.beforeDebt = sim.state
      return to(.debtBlocked, sim.state == .active ? .access(enabled: false) : .none)
    case .debtUnblock:
      guard sim.state == .debtBlocked else { return .failure(.notBlockedForDebt) }
      let restored = sim.beforeDebt ?? .blocked
      after.beforeDebt = nil
      return to(restored, restored == .active ? .access(enabled: true) : .none)
    case .assign:
      if sim.state == .debtBlocked { return .failure(.blockedForDebt) }
      return sim.state == .ready ? to(.active, .access(enabled: true)) : .failure(.alreadyAssigned)
    case .edit:
      if sim.state == .debtBlocked { return .failure(.blockedForDebt) }
      return to(sim.state, .none)
    case .block:
      if let refusal { return .failure(refusal) }
      return sim.state == .active ? to(.blocked, .access(enabled: false)) : .failure(.alreadyBlocked)
    case .unblock:
      if let refusal { return .failure(refusal) }
      return sim.state == .blocked ? to(.active, .access(enabled: true)) : .failure(.notBlocked)
    case .reboot:
      if let refusal { return .failure(refusal) }
      return sim.state == .active ? to(.active, .reset) : .failure(.blocked)
    case .setLimit:
      if let refusal { return .failure(refusal) }
      return sim.profile == .tc ? to(sim.state, .limit) : .failure(.needsProfile(.tc))
    case .setPackage:
      if let refusal { return .failure(refusal) }
      return sim.profile == .td ? to(sim.state, .package) : .failure(.needsProfile(.td))
    case .refresh:
      if let refusal { return .failure(refusal) }
      return to(sim.state, .status)
    }
  }
}
