import GRPCCore
import RPC
import TelecomAPI
import TelecomRules

/// Translates Telecom's RPCs to domain calls; nothing else happens here.
struct TelecomHandlers: RegistrableRPCService {
  let telecom: Telecom

  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    let telecom = self.telecom
    router.registerAuthenticated(TelecomContract.importSims, telecom.importSims)
    router.registerAuthenticated(TelecomContract.assignSims, telecom.assignSims)
    router.registerAuthenticated(TelecomContract.getSim, telecom.getSim)
    router.registerAuthenticated(TelecomContract.listSims, telecom.listSims)
    router.registerAuthenticated(TelecomContract.getSimColumns, telecom.simColumns)
    router.registerAuthenticated(TelecomContract.setSimColumns, telecom.setSimColumns)
    for (method, operation) in [
      (TelecomContract.blockSim, SimOperation.block), (TelecomContract.unblockSim, .unblock),
      (TelecomContract.rebootSim, .reboot), (TelecomContract.refreshSim, .refresh),
      (TelecomContract.retireSim, .retire),
    ] {
      router.registerAuthenticated(method) { request, caller in
        try await telecom.act(operation, request, caller: caller)
      }
    }
    router.registerAuthenticated(TelecomContract.editSim, telecom.edit)
    router.registerAuthenticated(TelecomContract.setSimLimits, telecom.setLimits)
    router.registerAuthenticated(TelecomContract.setSimPackage, telecom.setPackage)
    router.registerAuthenticated(TelecomContract.getSimOperation, telecom.getOperation)
    router.registerAuthenticated(TelecomContract.listSimOperations, telecom.listOperations)
    router.registerAuthenticated(TelecomContract.availableSimOperations, telecom.availableOperations)
    router.registerAuthenticated(TelecomContract.previewBulkOperation, telecom.previewBulkOperation)
    router.registerAuthenticated(TelecomContract.startBulkOperation, telecom.startBulkOperation)
    router.registerAuthenticated(TelecomContract.getBulkOperation, telecom.getBulkOperation)
    router.registerAuthenticated(TelecomContract.listBulkOperationItems, telecom.listBulkOperationItems)
    router.registerAuthenticated(TelecomContract.listTasks, telecom.listTasks)
    router.registerAuthenticated(TelecomContract.getTask, telecom.getTask)
    router.registerAuthenticated(TelecomContract.cancelTask, telecom.cancelTask)
    router.registerAuthenticated(TelecomContract.listNotifications, telecom.listNotifications)
    router.registerAuthenticated(TelecomContract.listRefusedCharges, telecom.listRefusedCharges)
    router.registerAuthenticated(TelecomContract.repostCharges, telecom.repostCharges)
    router.registerAuthenticated(TelecomContract.listChargeReposts, telecom.listChargeReposts)
    router.registerAuthenticated(TelecomContract.markNotificationsRead, telecom.markNotificationsRead)
    router.registerAuthenticated(TelecomContract.simulateUsage, telecom.simulateUsage)
    router.registerAuthenticated(TelecomContract.setQuota, telecom.setQuota)
    router.registerAuthenticated(TelecomContract.listQuotas, telecom.listQuotas)
    router.registerAuthenticated(TelecomContract.deleteQuota, telecom.deleteQuota)
    router.registerAuthenticated(TelecomContract.usageReport, telecom.usageReport)
    router.registerAuthenticated(TelecomContract.exportUsageReport, telecom.exportUsageReport)
    router.registerAuthenticated(TelecomContract.listDownloads, telecom.listDownloads)
    router.registerAuthenticated(TelecomContract.downloadFile, telecom.downloadFile)
    router.registerAuthenticated(TelecomContract.deleteDownload, telecom.deleteDownload)
    router.registerAuthenticated(TelecomContract.createProvider, telecom.createProvider)
    router.registerAuthenticated(TelecomContract.listProviders, telecom.listProviders)
    router.registerAuthenticated(TelecomContract.createRatingPlan, telecom.createRatingPlan)
    router.registerAuthenticated(TelecomContract.listRatingPlans, telecom.listRatingPlans)
    router.registerAuthenticated(TelecomContract.setAccountRatingPlan, telecom.setAccountRatingPlan)
    router.registerAuthenticated(TelecomContract.importPriceList, telecom.importPriceList)
    router.registerAuthenticated(TelecomContract.createLock, telecom.createLock)
    router.registerAuthenticated(TelecomContract.changeLock, telecom.changeLock)
    router.registerAuthenticated(TelecomContract.deleteLock, telecom.deleteLock)
    router.registerAuthenticated(TelecomContract.listLocks, telecom.listLocks)
    router.registerAuthenticated(TelecomContract.lockHistory, telecom.lockHistory)
    router.registerAuthenticated(TelecomContract.authorizeCall, telecom.authorizeCall)
    router.registerAuthenticated(TelecomContract.checkTariff, telecom.checkTariff)
    router.registerAuthenticated(TelecomContract.ingestCalls, telecom.ingestCalls)
    router.registerAuthenticated(TelecomContract.importCallFile, telecom.importCallFile)
    router.registerAuthenticated(TelecomContract.searchCalls, telecom.searchCalls)
    router.registerAuthenticated(TelecomContract.exportCalls, telecom.exportCalls)
    router.registerAuthenticated(TelecomContract.smsStatistics, telecom.smsStatistics)
    router.registerAuthenticated(TelecomContract.importNumbers, telecom.importNumbers)
    router.registerAuthenticated(TelecomContract.searchNumbers, telecom.searchNumbers)
    router.registerAuthenticated(TelecomContract.getNumber, telecom.getNumber)
    router.registerAuthenticated(TelecomContract.changeNumberDetails, telecom.changeNumberDetails)
    router.registerAuthenticated(TelecomContract.numberHistory, telecom.numberHistory)
    router.registerAuthenticated(TelecomContract.numberStatistics, telecom.numberStatistics)
    router.registerAuthenticated(TelecomContract.importNonTargetStatistics, telecom.importNonTargetStatistics)
    router.registerAuthenticated(TelecomContract.forceNumberSale, telecom.forceNumberSale)
    router.registerAuthenticated(TelecomContract.reserveNumber, telecom.reserveNumber)
    router.registerAuthenticated(TelecomContract.requestNumberRelease, telecom.requestNumberRelease)
    router.registerAuthenticated(TelecomContract.recordReleaseConsent, telecom.recordReleaseConsent)
    router.registerAuthenticated(TelecomContract.decideNumberRelease, telecom.decideNumberRelease)
    router.registerAuthenticated(TelecomContract.listNumberReleases, telecom.listNumberReleases)
    router.registerAuthenticated(TelecomContract.findCustomerByNumber, telecom.findCustomerByNumber)
    router.registerAuthenticated(TelecomContract.runNumberCycle, telecom.runNumberCycle)
    router.registerAuthenticated(TelecomContract.exportNumbers, telecom.exportNumbers)
  }
}
