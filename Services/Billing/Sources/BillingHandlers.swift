import BillingAPI
import GRPCCore
import RPC

/// Translates Billing's RPCs to domain calls; nothing else happens here.
struct BillingHandlers: RegistrableRPCService {
  let billing: Billing

  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    let billing = self.billing
    router.registerAuthenticated(BillingContract.createCustomer, billing.createCustomer)
    router.registerAuthenticated(BillingContract.getCustomer, billing.getCustomer)
    router.registerAuthenticated(BillingContract.searchCustomers, billing.searchCustomers)
    router.registerAuthenticated(BillingContract.openAccount, billing.openAccount)
    router.registerAuthenticated(BillingContract.getAccount, billing.getAccount)
    router.registerAuthenticated(BillingContract.listAccounts, billing.listAccounts)
    router.registerAuthenticated(BillingContract.setPaymentTerms, billing.setPaymentTerms)
    router.registerAuthenticated(
      BillingContract.blockAccount, { request, caller in try await billing.setBlocked(true, request, caller: caller) })
    router.registerAuthenticated(
      BillingContract.unblockAccount,
      { request, caller in try await billing.setBlocked(false, request, caller: caller) })
    router.registerAuthenticated(BillingContract.postPayment, billing.postPayment)
    router.registerAuthenticated(BillingContract.topUp, billing.topUp)
    router.registerAuthenticated(
      BillingContract.postCharge,
      { request, caller in try await billing.postCharge(request, kind: .charge, caller: caller) })
    router.registerAuthenticated(BillingContract.postCharges, billing.postCharges)
    router.registerAuthenticated(
      BillingContract.postDiscount,
      { request, caller in try await billing.postCharge(request, kind: .discount, caller: caller) })
    router.registerAuthenticated(BillingContract.reverseEntry, billing.reverseEntry)
    router.registerAuthenticated(BillingContract.listTransactions, billing.listTransactions)
    router.registerAuthenticated(BillingContract.accountStatement, billing.accountStatement)
    router.registerAuthenticated(BillingContract.exportTransactions, billing.exportTransactions)
    router.registerAuthenticated(BillingContract.postBankPayment, billing.postBankPayment)
    router.registerAuthenticated(BillingContract.importStatement, billing.importStatement)
    router.register(BillingContract.listSuspense) { request, _ in try await billing.listSuspense(request) }
    router.registerAuthenticated(BillingContract.assignSuspense, billing.assignSuspense)
    router.registerAuthenticated(BillingContract.issueInvoice, billing.issueInvoice)
    router.registerAuthenticated(BillingContract.createService, billing.createService)
    router.registerAuthenticated(BillingContract.createTariff, billing.createTariff)
    router.register(BillingContract.listServices) { request, _ in try await billing.listServices(request) }
    router.registerAuthenticated(BillingContract.createSubscription, billing.createSubscription)
    router.registerAuthenticated(BillingContract.planActivation, billing.planActivation)
    router.registerAuthenticated(BillingContract.activateSubscription, billing.activateSubscription)
    router.registerAuthenticated(BillingContract.suspendSubscription, billing.suspendSubscription)
    router.registerAuthenticated(BillingContract.resumeSubscription, billing.resumeSubscription)
    router.registerAuthenticated(BillingContract.closeSubscription, billing.closeSubscription)
    router.registerAuthenticated(BillingContract.getSubscription) { request, caller in
      try await billing.subscription(
        parseID(request.subscriptionID, notFound: .subscriptionNotFound), caller: caller,
        permission: BillingPermission.accountsRead)
    }
    router.registerAuthenticated(BillingContract.listSubscriptions, billing.listSubscriptions)
    router.registerAuthenticated(BillingContract.serviceBalances, billing.serviceBalances)
    router.register(BillingContract.runDailyCycle) { request, _ in try await billing.runDailyCycle(request) }
    router.register(BillingContract.listCycleFailures) { request, _ in try await billing.listCycleFailures(request) }
    router.registerAuthenticated(BillingContract.setAutopay, billing.setAutopay)
    router.registerAuthenticated(BillingContract.getAutopay, billing.getAutopay)
    router.register(BillingContract.verifyCustomerReference) { request, _ in
      try await billing.verifyCustomerReference(request)
    }
    router.register(BillingContract.setExchangeRate) { request, _ in try await billing.setExchangeRate(request) }
    router.register(BillingContract.importExchangeRates) { request, _ in try await billing.importExchangeRates(request)
    }
    router.register(BillingContract.getExchangeRate) { request, _ in try await billing.getExchangeRate(request) }
    router.registerAuthenticated(BillingContract.setCalendarDay, billing.setCalendarDay)
    router.register(BillingContract.listCalendar) { request, _ in try await billing.listCalendar(request) }
    router.registerAuthenticated(BillingContract.listInvoices, billing.listInvoices)
    router.registerAuthenticated(BillingContract.requestPrepaymentInvoice, billing.requestPrepaymentInvoice)
    router.registerAuthenticated(BillingContract.listActs, billing.listActs)
    router.registerAuthenticated(BillingContract.actPDF, billing.actPDF)
    router.registerAuthenticated(BillingContract.invoicePDF, billing.invoicePDF)
    router.registerAuthenticated(BillingContract.createCorrection, billing.createCorrection)
    router.registerAuthenticated(BillingContract.amendCorrection, billing.amendCorrection)
    router.registerAuthenticated(BillingContract.deleteCorrection, billing.deleteCorrection)
    router.registerAuthenticated(BillingContract.sendCorrection, billing.sendCorrection)
    router.registerAuthenticated(BillingContract.postCorrectionWriteOff, billing.postCorrectionWriteOff)
    router.registerAuthenticated(BillingContract.getCorrection, billing.getCorrection)
    router.registerAuthenticated(BillingContract.listCorrections, billing.listCorrections)
    router.registerAuthenticated(BillingContract.correctionPDF, billing.correctionPDF)
    router.register(BillingContract.createAgent) { request, _ in try await billing.createAgent(request) }
    router.register(BillingContract.createCommissionScale) { request, _ in
      try await billing.createCommissionScale(request)
    }
    router.registerAuthenticated(BillingContract.bindCommissionScale, billing.bindCommissionScale)
    router.register(BillingContract.agentScaleHistory) { request, _ in try await billing.agentScaleHistory(request) }
    router.register(BillingContract.commissionReport) { request, _ in try await billing.commissionReport(request) }
    router.register(BillingContract.exportCommissionReport) { request, _ in
      try await billing.exportCommissionReport(request)
    }
    router.registerAuthenticated(BillingContract.exportInvoices, billing.exportInvoices)
    router.register(BillingContract.listVatRates) { request, _ in try await billing.listVatRates(request) }
    router.registerAuthenticated(BillingContract.setVatRate, billing.setVatRate)
    router.register(BillingContract.listVatRateChanges) { request, _ in try await billing.listVatRateChanges(request) }
  }
}
