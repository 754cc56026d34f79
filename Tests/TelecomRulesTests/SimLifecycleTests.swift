import Foundation
import TelecomRules
import Testing

/// The SIM state machine (docs/telecom.md, "SIM states"): the page's table is this rule's
/// output, and the rule keeps the promises the issue makes of it.
@Suite("SIM lifecycle")
struct SimLifecycleTests {
  /// The states of the published table: each one, the debt block once per state it remembers.
  static let rows: [(name: String, status: @Sendable (SimProfile) -> SimStatus)] = [
    ("ready", { SimStatus(state: .ready, profile: $0) }),
    ("active", { SimStatus(state: .active, profile: $0) }),
    ("blocked", { SimStatus(state: .blocked, profile: $0) }),
    ("debt_blocked (was active)", { SimStatus(state: .debtBlocked, beforeDebt: .active, profile: $0) }),
    ("debt_blocked (was blocked)", { SimStatus(state: .debtBlocked, beforeDebt: .blocked, profile: $0) }),
    ("retired", { SimStatus(state: .retired, profile: $0) }),
  ]

  /// The operations of the published table, the profile-bound ones once per profile.
  static let columns: [(name: String, operation: SimOperation, profile: SimProfile)] = SimOperation.allCases.flatMap {
    operation -> [(name: String, operation: SimOperation, profile: SimProfile)] in
    switch operation {
    case .setLimit, .setPackage:
      SimProfile.allCases.map { ("\(operation.rawValue) (\($0.rawValue))", operation, $0) }
    default: [(operation.rawValue, operation, .tc)]
    }
  }

  static func cell(_ result: Result<SimTransition, SimRefusal>, from status: SimStatus) -> String {
    switch result {
    case .failure(let refusal): return "`\(refusal.reason)`"
    case .success(let transition):
      let network: String =
        switch transition.network {
        case .none: ""
        case .access(let enabled): enabled ? " · access on" : " · access off"
        case .reset: " · reset"
        case .limit: " · limit"
        case .package: " · package"
        case .status: " · status"
        case .remove: " · removed"
        }
      let state = transition.after.state == status.state ? "stays" : "→ \(transition.after.state.rawValue)"
      return state + network
    }
  }

  /// The table as docs/telecom.md prints it: an operation per row, a state per column.
  static var table: String {
    var lines = ["| operation | " + rows.map(\.name).joined(separator: " | ") + " |"]
    lines.append("|" + String(repeating: "---|", count: rows.count + 1))
    for column in columns {
      let cells = rows.map { row in
        let status = row.status(column.profile)
        return cell(SimLifecycle.apply(column.operation, to: status), from: status)
      }
      lines.append("| \(column.name) | " + cells.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n")
  }

  @Test("docs/telecom.md's state table is the rule's own")
  func publishedTable() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let page = try String(contentsOf: root.appendingPathComponent("docs/telecom.md"), encoding: .utf8)
    guard let start = page.range(of: "<!-- sim-state-table -->\n"),
      let end = page.range(of: "\n<!-- /sim-state-table -->", range: start.upperBound..<page.endIndex)
    else {
      Issue.record("docs/telecom.md has no <!-- sim-state-table --> section; it should hold:\n\(Self.table)")
      return
    }
    let published = String(page[start.upperBound..<end.lowerBound])
    #expect(published == Self.table, "docs/telecom.md should print:\n\(Self.table)")
  }

  @Test("a debt block and its lifting give every SIM back the state it had, whatever the profile")
  func debtRoundTrip() {
    for profile in SimProfile.allCases {
      for state in [SimState.active, .blocked] {
        let before = SimStatus(state: state, profile: profile)
        guard case .success(let held) = SimLifecycle.apply(.debtBlock, to: before) else {
          Issue.record("debt block refused for \(state)")
          continue
        }
        #expect(held.after.state == .debtBlocked && held.after.beforeDebt == state)
        // Only a SIM that had access loses it; a SIM the customer blocked is off already.
        #expect(held.network == (state == .active ? .access(enabled: false) : NetworkAction.none))
        // While held, no operation of people's goes through.
        for operation in SimOperation.allCases where ![.debtBlock, .debtUnblock, .retire].contains(operation) {
          #expect(SimLifecycle.apply(operation, to: held.after) == .failure(.blockedForDebt))
        }
        guard case .success(let lifted) = SimLifecycle.apply(.debtUnblock, to: held.after) else {
          Issue.record("debt unblock refused for \(state)")
          continue
        }
        #expect(lifted.after == before)
        #expect(lifted.network == (state == .active ? .access(enabled: true) : NetworkAction.none))
      }
    }
  }

  @Test("a retired SIM refuses everything; every other state can be retired")
  func retiredIsFinal() {
    for operation in SimOperation.allCases {
      #expect(SimLifecycle.apply(operation, to: SimStatus(state: .retired, profile: .tc)) == .failure(.retired))
    }
    for row in Self.rows.dropLast() {
      let result = SimLifecycle.apply(.retire, to: row.status(.td))
      #expect((try? result.get())?.after.state == .retired && (try? result.get())?.network == .remove)
    }
  }

  @Test("limits only for TC, packages only for TD, with a reason naming the profile needed")
  func profiles() {
    let tc = SimStatus(state: .active, profile: .tc)
    let td = SimStatus(state: .active, profile: .td)
    #expect((try? SimLifecycle.apply(.setLimit, to: tc).get())?.network == .limit)
    #expect(SimLifecycle.apply(.setLimit, to: td) == .failure(.needsProfile(.tc)))
    #expect(SimLifecycle.apply(.setPackage, to: tc) == .failure(.needsProfile(.td)))
    #expect(SimRefusal.needsProfile(.tc).reason == "LIMITS_NEED_TC_PROFILE")
  }

  @Test("every refusal has its own reason and a message")
  func reasons() {
    let refusals: [SimRefusal] = [
      .notAssigned, .alreadyAssigned, .alreadyBlocked, .notBlocked, .blocked, .blockedForDebt, .notBlockedForDebt,
      .retired, .needsProfile(.tc), .needsProfile(.td),
    ]
    #expect(Set(refusals.map(\.reason)).count == refusals.count)
    #expect(refusals.allSatisfy { !$0.message.isEmpty })
  }
}
