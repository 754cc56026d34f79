/// The cabinet's «Передать показания» (the water utility's manual): which meters a submission
/// may name, with the manual's own refusal texts. Nothing of a refused submission is registered.
public struct ReadingSubmission: Sendable {
  /// A meter of the account as the submission sees it.
  public struct Meter: Sendable, Hashable {
    public let id: String
    public let factoryNumber: String
    public let installed: Bool

    public init(id: String, factoryNumber: String, installed: Bool) {
      self.id = id
      self.factoryNumber = factoryNumber
      self.installed = installed
    }
  }

  public struct Refusal: Error, Sendable, Equatable {
    public let meterID: String
    public let reason: String
    public let message: String
  }

  public static let withoutFactoryNumber = "Показания на водомер без заводского номера не передаются!"
  public static let notWorking = "Невозможно передать показания на не работающий прибор учета!"
  public static let confirmOne = "Показания переданы не по всем счётчикам: подтвердите передачу только по ним."
  /// What the cabinet shows once a submission is registered.
  public static let inProcessing = "Ваши показания в обработке!"

  /// Refusals of a submission naming `named` of the account's `meters` (empty: it may be
  /// registered). Naming fewer than all installed meters needs `confirmed`, as the cabinet
  /// asks for confirmation when readings are given for only one meter.
  public static func refusals(named: [String], meters: [Meter], confirmed: Bool) -> [Refusal] {
    let byID = Dictionary(meters.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var refusals: [Refusal] = []
    for id in named {
      guard let meter = byID[id] else {
        refusals.append(Refusal(meterID: id, reason: "METER_NOT_FOUND", message: "Нет такого прибора учёта."))
        continue
      }
      if !meter.installed {
        refusals.append(Refusal(meterID: id, reason: "METER_NOT_WORKING", message: Self.notWorking))
      } else if meter.factoryNumber.isEmpty {
        refusals.append(
          Refusal(meterID: id, reason: "METER_WITHOUT_FACTORY_NUMBER", message: Self.withoutFactoryNumber))
      }
    }
    let installed = Set(meters.filter(\.installed).map(\.id))
    if refusals.isEmpty, !confirmed, !installed.isSubset(of: Set(named)) {
      refusals.append(Refusal(meterID: "", reason: "CONFIRMATION_REQUIRED", message: Self.confirmOne))
    }
    return refusals
  }
}
