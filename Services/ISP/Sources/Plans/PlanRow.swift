import ISPAPI
import ISPRules
import RPC
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A row of `plans`, as its columns hold it.
struct PlanRow: Sendable {
  static let columns = """
    p.id, p.number, p.customer_id, p.account_number, p.plan_type, p.value_minor, p.currency, p.reference,
    p.installation_address::text, p.billing_address::text, p.fiscal_address::text, p.franchise_gb,
    p.first_activation_on, p.contract_starts_on, p.contract_ends_on, p.contract_template, p.penalty_minor,
    p.payment_method, p.due_day, p.last_closing_on, p.adjustments::text, p.status, p.circuit, p.circuit_notes,
    p.replaces_plan_id, p.created_at
    """
  typealias Row = (
    UUID, Int32, UUID, String, String, Int64, String, String, String?, String?, String?, Int32, CalendarDate?,
    CalendarDate?, CalendarDate?, String, Int64, String, Int32, CalendarDate?, String, String, String?, String,
    UUID?, UTCTimestamp
  )

  var id: UUID
  var number: Int32
  var customerID: UUID
  var accountNumber: String
  var planType: String
  var valueMinor: Int64
  var currency: String
  var reference: String
  var installation: AddressRecord?
  var billingAddress: AddressRecord?
  var fiscal: AddressRecord?
  var franchiseGB: Int32
  var firstActivationOn: CalendarDate?
  var contractStartsOn: CalendarDate?
  var contractEndsOn: CalendarDate?
  var contractTemplate: String
  var penaltyMinor: Int64
  var paymentMethod: String
  var dueDay: Int32
  var lastClosingOn: CalendarDate?
  var adjustments: [PlanComposition.Line]
  var status: PlanLife.State
  var circuit: String?
  var circuitNotes: String
  var replacesPlanID: UUID?
  var createdAt: UTCTimestamp

  init(_ row: Row) {
    (self.id, self.number, self.customerID, self.accountNumber, self.planType) = (row.0, row.1, row.2, row.3, row.4)
    (self.valueMinor, self.currency, self.reference) = (row.5, row.6, row.7)
    self.installation = AddressRecord.one(row.8)
    self.billingAddress = AddressRecord.one(row.9)
    self.fiscal = AddressRecord.one(row.10)
    (self.franchiseGB, self.firstActivationOn, self.contractStartsOn, self.contractEndsOn) = (
      row.11, row.12, row.13, row.14
    )
    (self.contractTemplate, self.penaltyMinor, self.paymentMethod, self.dueDay, self.lastClosingOn) = (
      row.15, row.16, row.17, row.18, row.19
    )
    self.adjustments = (try? JSONDecoder().decode([PlanComposition.Line].self, from: Data(row.20.utf8))) ?? []
    self.status = PlanLife.State(rawValue: row.21) ?? .cancelled
    (self.circuit, self.circuitNotes, self.replacesPlanID, self.createdAt) = (row.22, row.23, row.24, row.25)
  }

  var composition: PlanComposition { PlanComposition(lines: self.adjustments) }

  static func adjustmentsJSON(_ lines: [PlanComposition.Line]) -> String {
    String(decoding: (try? JSONEncoder().encode(lines)) ?? Data("[]".utf8), as: UTF8.self)
  }

  /// What history shows of the plan's fields: one `key=value` per line, so before → after
  /// lines up field by field.
  var summary: String {
    [
      "type=\(self.planType)", "value=\(PlanMoney.decimal(self.valueMinor)) \(self.currency)",
      "account=\(self.accountNumber)", "reference=\(self.reference)",
      "installation=\(self.installation?.summary ?? "PADRÃO")", "billing=\(self.billingAddress?.summary ?? "PADRÃO")",
      "fiscal=\(self.fiscal?.summary ?? "PADRÃO")", "franchise=\(self.franchiseGB)GB", "status=\(self.status.rawValue)",
      "circuit=\(self.circuit ?? "")",
    ].joined(separator: "\n")
  }

  /// Which of the plan's fields a history row shows.
  enum Part: Sendable {
    case all, billing, contract, circuit
  }

  func summary(of part: Part) -> String {
    switch part {
    case .all: self.summary
    case .billing: self.billingSummary
    case .contract: self.contractSummary
    case .circuit: "circuit=\(self.circuit ?? "")\nnotes=\(self.circuitNotes)"
    }
  }

  var contractSummary: String {
    [
      "starts=\(self.contractStartsOn?.description ?? "")", "ends=\(self.contractEndsOn?.description ?? "")",
      "template=\(self.contractTemplate)", "penalty=\(PlanMoney.decimal(self.penaltyMinor))",
    ].joined(separator: "\n")
  }

  var billingSummary: String {
    [
      "payment=\(self.paymentMethod)", "dueDay=\(self.dueDay)",
      "lastClosing=\(self.lastClosingOn?.description ?? "")",
      "composition=\(Self.adjustmentsJSON(self.adjustments))",
    ].joined(separator: "\n")
  }
}

extension PlanLife.State {
  var message: PlanStatus {
    switch self {
    case .active: .active
    case .suspended: .suspended
    case .temporarilySuspended: .temporarilySuspended
    case .cancelled: .cancelled
    }
  }

  init?(_ status: PlanStatus) {
    switch status {
    case .active: self = .active
    case .suspended: self = .suspended
    case .temporarilySuspended: self = .temporarilySuspended
    case .cancelled: self = .cancelled
    case .unspecified: return nil
    }
  }
}

extension PlanComposition.Line {
  init(_ message: PlanAdjustment, valueMinor: Int64?, basisPoints: Int64?) {
    self.init(
      discount: message.kind == .discount, amountMinor: valueMinor ?? 0, basisPoints: basisPoints ?? 0,
      applied: message.applied, fromMonth: Int(message.fromMonth), toMonth: Int(message.toMonth),
      description: message.description)
  }

  var message: PlanAdjustment {
    PlanAdjustment(
      kind: self.discount ? .discount : .surcharge, amount: PlanMoney.decimal(self.amountMinor),
      percent: PlanMoney.decimal(self.basisPoints), applied: self.applied, fromMonth: Int32(self.fromMonth),
      toMonth: Int32(self.toMonth), description: self.description)
  }
}
