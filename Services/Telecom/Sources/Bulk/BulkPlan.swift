import RPC
import TelecomAPI
import TelecomRules
import WireCodec

/// A bulk request once checked: the operation, the permission it needs, what it sets. Bad input
/// is refused here, before anything is read or written, as the single operations refuse it.
struct BulkPlan: Sendable {
  let operation: SimOperation
  let permission: Permission
  let values: OperationValues
  let comment: String

  /// The task's title, e.g. `Block 10000 SIMs`.
  func title(count: Int) -> String {
    let verb =
      switch self.operation {
      case .block: "Block"
      case .unblock: "Unblock"
      case .reboot: "Reboot"
      case .refresh: "Refresh"
      case .edit: "Edit"
      case .setLimit: "Set the limits of"
      case .setPackage: "Set the package of"
      default: self.operation.rawValue
      }
    return "\(verb) \(count) SIM\(count == 1 ? "" : "s")"
  }

  /// Checks `request` and the caller's permission for its operation (the single operation's:
  /// BlockSim's for a bulk block, and so on).
  init(_ request: BulkOperationRequest, caller: Caller) throws {
    var checks = FieldChecks()
    let operation = Telecom.bulkOperations.first { $0.wire == request.operation }
    if operation == nil {
      checks.add(
        "operation", "UNSUPPORTED", "A bulk operation is block, unblock, reboot, refresh, edit, setLimit or setPackage."
      )
    }
    if request.byFilter {
      if !request.iccids.isEmpty { checks.add("iccids", "COUNT", "List ICCIDs or select by filter, not both.") }
      for (value, field) in request.filter.texts {
        checks.text(value, field: "filter.\(field)", name: "The filter", maximum: 200, required: false)
      }
    } else if !(1...Telecom.maximumBulkList).contains(request.iccids.count) {
      checks.add("iccids", "COUNT", "List 1 to \(Telecom.maximumBulkList) ICCIDs, or select by filter.")
    } else if let index = request.iccids.firstIndex(where: { $0.isEmpty || $0.utf8.count > 22 }) {
      checks.add("iccids[\(index)]", "FORMAT", "An ICCID is 19 or 20 digits.")
    }
    checks.text(request.comment, field: "comment", name: "The comment", maximum: 500, required: false)
    let values = Self.values(request, operation: operation, checks: &checks)
    try checks.check()
    guard let operation else { throw ValidationFailure(checks.violations) }
    let permission =
      switch operation {
      case .block, .unblock: TelecomPermission.simsBlock
      default: TelecomPermission.simsOperate
      }
    try caller.require(permission)
    self.operation = operation
    self.permission = permission
    self.values = values
    self.comment = request.comment
  }

  /// What an edit, limits or package sets, checked as EditSim, SetSimLimits and SetSimPackage
  /// check theirs.
  static func values(_ request: BulkOperationRequest, operation: SimOperation?, checks: inout FieldChecks)
    -> OperationValues
  {
    switch operation {
    case .edit:
      checks.text(request.name, field: "name", name: "The name", maximum: 200, required: false)
      if request.groups.count > 20 { checks.add("groups", "COUNT", "A SIM has at most 20 groups.") }
      for (index, group) in request.groups.prefix(21).enumerated() {
        checks.text(group, field: "groups[\(index)]", name: "A group's name", maximum: 100)
      }
      let name = request.name.trimmingWhitespace
      let groups = Array(Set(request.groups.prefix(21).map(\.trimmingWhitespace))).sorted()
      return OperationValues(
        name: name, groups: groups, detail: "name: \(name); groups: \(groups.joined(separator: ", "))")
    case .setLimit:
      let limits = request.limits
      if !(0...Telecom.maximumDataMegabytes).contains(limits.dataMegabytes) {
        checks.add("limits.dataMegabytes", "OUT_OF_RANGE", "The data cap is 0 to \(Telecom.maximumDataMegabytes) MB.")
      }
      if limits.spend < .zero || Telecom.maximumSpend < limits.spend || limits.spend.scale > 4 {
        checks.add("limits.spend", "OUT_OF_RANGE", "The spend cap is 0 to 10^12 with at most 4 decimals.")
      }
      return OperationValues(
        limitDataMegabytes: limits.dataMegabytes, limitSpend: limits.spend.description,
        detail: "limits: \(limits.dataMegabytes) MB, spend \(limits.spend)")
    case .setPackage:
      checks.text(request.package, field: "package", name: "The package code", maximum: 64, required: false)
      return OperationValues(package: request.package, detail: "package: \(request.package)")
    default:
      return OperationValues()
    }
  }
}

extension SimFilter {
  /// The filter's text fields with their names, each bounded as ListSims bounds them.
  var texts: [(String, String)] {
    [
      (self.iccid, "iccid"), (self.msisdn, "msisdn"), (self.externalNumber, "externalNumber"), (self.imsi, "imsi"),
      (self.accountNumber, "accountNumber"), (self.customerName, "customerName"), (self.name, "name"),
      (self.group, "group"), (self.apn, "apn"), (self.package, "package"), (self.country, "country"),
    ]
  }
}
