import BillingAPI
import GRPCCore
import RPC

/// Translates Billing's RPCs to domain calls; nothing else happens here.
struct BillingHandlers: RegistrableRPCService {
  let billing: Billing

  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    let billing = self.billing
    router.register(BillingContract.createCustomer) { request, _ in try await billing.createCustomer(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.getCustomer) { request, _ in try await billing.getCustomer(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.searchCustomers) { request, _ in try await billing.searchCustomers(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.openAccount) { request, _ in try await billing.openAccount(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.getAccount) { request, _ in try await billing.getAccount(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.listAccounts) { request, _ in try await billing.listAccounts(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.setPaymentTerms) { request, _ in
      try await billing.setPaymentTerms(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.blockAccount) { request, _ in try await billing.setBlocked(true, request, caller: try Caller.authenticated()) }
    router.register(BillingContract.unblockAccount) { request, _ in try await billing.setBlocked(false, request, caller: try Caller.authenticated()) }
    router.register(BillingContract.postPayment) { request, _ in try await billing.postPayment(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.topUp) { request, _ in try await billing.topUp(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.postCharge) { request, _ in
      try await billing.postCharge(request, kind: .charge, caller: try Caller.authenticated())
    }
    router.register(BillingContract.postCharges) { request, _ in
      try await billing.postCharges(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.postDiscount) { request, _ in
      try await billing.postCharge(request, kind: .discount, caller: try Caller.authenticated())
    }
    router.register(BillingContract.reverseEntry) { request, _ in try await billing.reverseEntry(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.listTransactions) { request, _ in
      try await billing.listTransactions(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.exportTransactions) { request, _ in
      try await billing.exportTransactions(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.postBankPayment) { request, _ in
      try await billing.postBankPayment(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.importStatement) { request, _ in
      try await billing.importStatement(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.listSuspense) { request, _ in try await billing.listSuspense(request) }
    router.register(BillingContract.assignSuspense) { request, _ in
      try await billing.assignSuspense(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.issueInvoice) { request, _ in try await billing.issueInvoice(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.createService) { request, _ in try await billing.createService(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.createTariff) { request, _ in try await billing.createTariff(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.listServices) { request, _ in try await billing.listServices(request) }
    router.register(BillingContract.createSubscription) { request, _ in
      try await billing.createSubscription(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.planActivation) { request, _ in try await billing.planActivation(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.activateSubscription) { request, _ in
      try await billing.activateSubscription(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.suspendSubscription) { request, _ in
      try await billing.suspendSubscription(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.resumeSubscription) { request, _ in
      try await billing.resumeSubscription(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.closeSubscription) { request, _ in
      try await billing.closeSubscription(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.listSubscriptions) { request, _ in
      try await billing.listSubscriptions(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.serviceBalances) { request, _ in
      try await billing.serviceBalances(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.runDailyCycle) { request, _ in try await billing.runDailyCycle(request) }
    router.register(BillingContract.listCycleFailures) { request, _ in try await billing.listCycleFailures(request) }
    router.register(BillingContract.setAutopay) { request, _ in try await billing.setAutopay(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.getAutopay) { request, _ in try await billing.getAutopay(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.verifyCustomerReference) { request, _ in try await billing.verifyCustomerReference(request) }
    router.register(BillingContract.setExchangeRate) { request, _ in try await billing.setExchangeRate(request) }
    router.register(BillingContract.importExchangeRates) { request, _ in try await billing.importExchangeRates(request) }
    router.register(BillingContract.getExchangeRate) { request, _ in try await billing.getExchangeRate(request) }
    router.register(BillingContract.setCalendarDay) { request, _ in try await billing.setCalendarDay(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.listCalendar) { request, _ in try await billing.listCalendar(request) }
    router.register(BillingContract.listInvoices) { request, _ in try await billing.listInvoices(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.requestPrepaymentInvoice) { request, _ in
      try await billing.requestPrepaymentInvoice(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.listActs) { request, _ in try await billing.listActs(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.actPDF) { request, _ in try await billing.actPDF(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.invoicePDF) { request, _ in try await billing.invoicePDF(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.createCorrection) { request, _ in
      try await billing.createCorrection(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.amendCorrection) { request, _ in try await billing.amendCorrection(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.deleteCorrection) { request, _ in
      try await billing.deleteCorrection(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.sendCorrection) { request, _ in try await billing.sendCorrection(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.postCorrectionWriteOff) { request, _ in
      try await billing.postCorrectionWriteOff(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.getCorrection) { request, _ in try await billing.getCorrection(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.listCorrections) { request, _ in try await billing.listCorrections(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.correctionPDF) { request, _ in try await billing.correctionPDF(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.createAgent) { request, _ in try await billing.createAgent(request) }
    router.register(BillingContract.createCommissionScale) { request, _ in try await billing.createCommissionScale(request) }
    router.register(BillingContract.bindCommissionScale) { request, _ in
      try await billing.bindCommissionScale(request, caller: try Caller.authenticated())
    }
    router.register(BillingContract.agentScaleHistory) { request, _ in try await billing.agentScaleHistory(request) }
    router.register(BillingContract.commissionReport) { request, _ in try await billing.commissionReport(request) }
    router.register(BillingContract.exportCommissionReport) { request, _ in try await billing.exportCommissionReport(request) }
    router.register(BillingContract.exportInvoices) { request, _ in try await billing.exportInvoices(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.listVatRates) { request, _ in try await billing.listVatRates(request) }
    router.register(BillingContract.setVatRate) { request, _ in try await billing.setVatRate(request, caller: try Caller.authenticated()) }
    router.register(BillingContract.listVatRateChanges) { request, _ in try await billing.listVatRateChanges(request) }
  }
}
