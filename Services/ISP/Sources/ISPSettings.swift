public import RPC
public import Settings

/// ISP's own settings. Keys under `abonent.isp.` (environment `ABONENT_ISP_…`); docs/isp.md
/// and docs/configuration.md list them. The manual's plan settings are here by their
/// Portuguese names.
public struct ISPSettings: Sendable {
  /// `billingAddress` (`host:port`) and `billingCAFile`: Billing, whose customers and accounts
  /// plans belong to, whose feed says when an account is blocked for debt, and where plan
  /// charges go. Without it plans cannot be added (BILLING_UNAVAILABLE).
  public var billing: ClientSettings?
  /// `billingToken` (secret): a fixed token for Billing; without it the service account's.
  public var billingToken: String?
  public var serviceAccount: ServiceAccountSettings?
  /// `blockAccentsInLogins` (default true): «Bloquear Acentos em Logins de Radius».
  public var blockAccentsInLogins: Bool
  /// `loginRequired` (default false): «Login de Radius Obrigatório no Cadastro de Clientes e
  /// Planos» — AddPlan needs a login.
  public var loginRequired: Bool
  /// `allowTemporarySuspension` (default false): «Permite Usar o Status Suspensão Temporária».
  public var allowTemporarySuspension: Bool
  /// `noCancelWithEquipment` (default true): «Não Cancelar Planos com Equipamento».
  public var noCancelWithEquipment: Bool
  /// `inactivateCustomerOnLastCancel` (default false): «Inativar Cliente ao Cancelar Último Plano».
  public var inactivateCustomerOnLastCancel: Bool
  /// `debtAction` (`reject` default, or `walled-garden`): what FreeRADIUS answers a login whose
  /// account Billing has blocked for debt — Access-Reject, or Access-Accept in the group
  /// `walledGardenGroup` (default `walled-garden`), whose `radgroupreply` rows the operator sets.
  public var debtAction: String
  public var walledGardenGroup: String
  /// `utcOffsetMinutes` (default -180, Brasília): the day plans are dated by.
  public var utcOffsetMinutes: Int
  /// `chargeServiceCode` (default `internet`): the service code of plan charges in Billing.
  public var chargeServiceCode: String
  /// `chargeInterval` (default 1h, at least 1s; `off` disables): how often the current month's plan charges
  /// are recorded and posted (each plan once per month and account; plans added since the last
  /// run are charged at the next).
  public var chargeInterval: Duration?
  /// `postInterval` (default 5s): how often plan charges Billing did not take yet are posted again.
  public var postInterval: Duration
  /// `disconnectTimeout` (default 2s, 100ms–30s) and `disconnectAttempts` (default 3, 1–10):
  /// how long «Fechar Conexão Atual» waits for the NAS's answer, and how often it sends.
  public var disconnectTimeout: Duration
  public var disconnectAttempts: Int

  public init(_ reader: SettingsReader) throws(ConfigurationError) {
    if let address = reader.optionalString("abonent.isp.billingAddress") {
      self.billing = try ClientSettings(
        address: address, caFile: reader.optionalString("abonent.isp.billingCAFile"), key: "abonent.isp.billingAddress")
    }
    self.billingToken = reader.optionalString("abonent.isp.billingToken", isSecret: true)
    self.serviceAccount = try ServiceAccountSettings(reader)
    self.blockAccentsInLogins = try reader.bool("abonent.isp.blockAccentsInLogins", default: true)
    self.loginRequired = try reader.bool("abonent.isp.loginRequired", default: false)
    self.allowTemporarySuspension = try reader.bool("abonent.isp.allowTemporarySuspension", default: false)
    self.noCancelWithEquipment = try reader.bool("abonent.isp.noCancelWithEquipment", default: true)
    self.inactivateCustomerOnLastCancel = try reader.bool("abonent.isp.inactivateCustomerOnLastCancel", default: false)
    self.debtAction = reader.string("abonent.isp.debtAction", default: "reject")
    guard ["reject", "walled-garden"].contains(self.debtAction) else {
      throw ConfigurationError(message: "abonent.isp.debtAction is reject or walled-garden, not \(self.debtAction)")
    }
    self.walledGardenGroup = reader.string("abonent.isp.walledGardenGroup", default: "walled-garden")
    self.utcOffsetMinutes = try reader.int("abonent.isp.utcOffsetMinutes", default: -180, in: -720...840)
    self.chargeServiceCode = reader.string("abonent.isp.chargeServiceCode", default: "internet")
    self.postInterval = try reader.duration("abonent.isp.postInterval", default: .seconds(5))
    self.chargeInterval =
      reader.string("abonent.isp.chargeInterval", default: "1h") == "off"
      ? nil : try reader.duration("abonent.isp.chargeInterval", default: .seconds(3_600))
    if let interval = self.chargeInterval, interval < .seconds(1) {
      throw ConfigurationError(message: "abonent.isp.chargeInterval is at least 1s, or off")
    }
    self.disconnectTimeout = try reader.duration("abonent.isp.disconnectTimeout", default: .seconds(2))
    guard self.disconnectTimeout >= .milliseconds(100), self.disconnectTimeout <= .seconds(30) else {
      throw ConfigurationError(message: "abonent.isp.disconnectTimeout is between 100ms and 30s")
    }
    self.disconnectAttempts = try reader.int("abonent.isp.disconnectAttempts", default: 3, in: 1...10)
    if self.billing != nil, self.billingToken == nil, self.serviceAccount == nil {
      throw ConfigurationError(
        message:
          "abonent.isp.billingAddress needs a token: abonent.isp.billingToken or the service account (abonent.serviceAccount.clientID)"
      )
    }
  }
}
