public import RPC

extension TelecomContract {
  public static let simulateUsage: UnaryMethod<SimulateUsageRequest, SimulateUsageReply> = unary(
    "SimulateUsage", .permission(TelecomPermission.usageSimulate),
    "Makes the network simulator produce usage records for a SIM; served only with "
      + "abonent.telecom.simulatorControl on (tests and demos).")

  static let usageMethods: [any ContractMethod] = [simulateUsage]
}
