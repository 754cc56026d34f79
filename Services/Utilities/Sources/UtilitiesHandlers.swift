import GRPCCore
import RPC
import UtilitiesAPI

/// Translates Utilities' RPCs to domain calls; nothing else happens here.
struct UtilitiesHandlers: RegistrableRPCService {
  let utilities: Utilities

  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    let utilities = self.utilities
    router.registerAuthenticated(UtilitiesContract.createAccount, utilities.createAccount)
    router.registerAuthenticated(UtilitiesContract.listAccounts, utilities.listAccounts)
    router.registerAuthenticated(UtilitiesContract.addMeter, utilities.addMeter)
    router.registerAuthenticated(UtilitiesContract.changeMeter, utilities.changeMeter)
    router.registerAuthenticated(UtilitiesContract.removeMeter, utilities.removeMeter)
    router.registerAuthenticated(UtilitiesContract.meterTable, utilities.meterTable)
    router.registerAuthenticated(UtilitiesContract.meterHistory, utilities.meterHistory)
    router.registerAuthenticated(UtilitiesContract.submitReadings, utilities.submitReadings)
    router.registerAuthenticated(UtilitiesContract.importReadings, utilities.importReadings)
    router.registerAuthenticated(UtilitiesContract.reviewReading, utilities.reviewReading)
    router.registerAuthenticated(UtilitiesContract.listReadings, utilities.listReadings)
    router.registerAuthenticated(UtilitiesContract.setTariff, utilities.setTariff)
    router.registerAuthenticated(UtilitiesContract.listTariffs, utilities.listTariffs)
    router.registerAuthenticated(UtilitiesContract.closeMonth, utilities.closeMonth)
    router.registerAuthenticated(UtilitiesContract.chargeBreakdown, utilities.chargeBreakdown)
    router.registerAuthenticated(UtilitiesContract.chargeBreakdownPDF, utilities.chargeBreakdownPDF)
    router.registerAuthenticated(UtilitiesContract.sendChargeBreakdown, utilities.sendChargeBreakdown)
    router.registerAuthenticated(UtilitiesContract.settlementState, utilities.settlementState)
    router.registerAuthenticated(UtilitiesContract.reconciliation, utilities.reconciliation)
    router.registerAuthenticated(UtilitiesContract.reconciliationPDF, utilities.reconciliationPDF)
    router.registerAuthenticated(UtilitiesContract.getInvoiceNotice, utilities.getInvoiceNotice)
    router.registerAuthenticated(UtilitiesContract.setInvoiceNotice, utilities.setInvoiceNotice)
    router.registerAuthenticated(UtilitiesContract.listRefusedCharges, utilities.listRefusedCharges)
    router.registerAuthenticated(UtilitiesContract.repostCharges, utilities.repostCharges)
    router.registerAuthenticated(UtilitiesContract.listChargeReposts, utilities.listChargeReposts)
  }
}
