import ISPAPI
import ISPRules
import RPC
import WireCodec

/// A plan's contract and billing information as a caller sends them, checked and in minor
/// units; and which of their parts need a permission of their own.
struct PlanTerms {
  var penaltyMinor: Int64
  var adjustments: [PlanComposition.Line]

  /// Checks `contract` and `billing` into `checks`; the seed's message for a flag without a
  /// value is in Portuguese when `portuguese`.
  init(contract: PlanContract, billing: PlanBilling, portuguese: Bool, checks: inout FieldChecks) {
    checks.text(contract.template, field: "contract.template", name: "The template", maximum: 100, required: false)
    let penalty = PlanMoney.minor(contract.penalty)
    if penalty == nil {
      checks.add("contract.penalty", "AMOUNT_INVALID", "The penalty is 0–100,000,000 with at most 2 decimals.")
    }
    checks.date(contract.startsOn, field: "contract.startsOn")
    checks.date(contract.endsOn, field: "contract.endsOn")
    checks.date(billing.lastClosingOn, field: "billing.lastClosingOn")
    if let starts = contract.startsOn, let ends = contract.endsOn, ends < starts {
      checks.add("contract.endsOn", "PERIOD_INVALID", "The contract ends before it starts.")
    }
    checks.text(
      billing.paymentMethod, field: "billing.paymentMethod", name: "The payment method", maximum: 50, required: false)
    if !(1...28).contains(billing.dueDay) { checks.add("billing.dueDay", "OUT_OF_RANGE", "The due day is 1–28.") }
    if billing.adjustments.count > PlanComposition.maximumLines {
      checks.add("billing.adjustments", "TOO_MANY", "At most \(PlanComposition.maximumLines) composition lines.")
    }
    var lines: [PlanComposition.Line] = []
    for (index, adjustment) in billing.adjustments.prefix(PlanComposition.maximumLines).enumerated() {
      let field = "billing.adjustments[\(index)]"
      if adjustment.kind == .unspecified { checks.add("\(field).kind", "REQUIRED", "Discount or surcharge?") }
      let amount = PlanMoney.minor(adjustment.amount)
      if amount == nil {
        checks.add("\(field).amount", "AMOUNT_INVALID", "A value is 0–100,000,000 with at most 2 decimals.")
      }
      let points = PlanMoney.basisPoints(adjustment.percent)
      if points == nil { checks.add("\(field).percent", "OUT_OF_RANGE", "A percent is 0–100 with at most 2 decimals.") }
      let range = 0...Int32(PlanComposition.maximumMonth)
      if !range.contains(adjustment.fromMonth) || !range.contains(adjustment.toMonth) {
        checks.add("\(field).fromMonth", "OUT_OF_RANGE", "Months are 0–\(PlanComposition.maximumMonth).")
      }
      checks.text(adjustment.description, field: "\(field).description", name: "The description", required: false)
      let line = PlanComposition.Line(adjustment, valueMinor: amount, basisPoints: points)
      switch PlanComposition.problem(of: line) {
      case .appliedWithoutValue:
        checks.add(
          "\(field).applied", "VALUE_REQUIRED",
          portuguese
            ? "Só será possível marcar a opção após informar o valor ou porcentagem."
            : "Give the value or the percent before marking the option.")
      case .valueAndPercent:
        checks.add("\(field).percent", "VALUE_OR_PERCENT", "Give a value or a percent, not both.")
      case .monthsOutOfOrder:
        checks.add("\(field).toMonth", "PERIOD_INVALID", "The last month comes before the first.")
      case nil:
        lines.append(line)
      }
    }
    self.penaltyMinor = penalty ?? 0
    self.adjustments = lines
  }

  /// The permissions a change of `plan`'s terms needs beyond the method's: a penalty, a due
  /// day, a closing date or discounts that differ from the plan's (nil: not part of the change).
  static func permissionsNeeded(
    penaltyMinor: Int64?, dueDay: Int32?, lastClosingOn: CalendarDate??, composition: PlanComposition?, plan: PlanRow
  ) -> [Permission] {
    var needed: [Permission] = []
    if let penaltyMinor, penaltyMinor != plan.penaltyMinor { needed.append(ISPPermission.penaltiesEdit) }
    if let dueDay, dueDay != plan.dueDay { needed.append(ISPPermission.dueDaysEdit) }
    if let lastClosingOn, lastClosingOn != plan.lastClosingOn { needed.append(ISPPermission.closingDatesEdit) }
    if let composition, composition.lines.filter({ $0.discount }) != plan.adjustments.filter({ $0.discount }) {
      needed.append(ISPPermission.discountsGrant)
    }
    return needed
  }
}
