import BillingAPI
import GRPCCore
import RPC

/// Translates Billing's RPCs to domain calls; nothing else happens here.
struct BillingHandlers: RegistrableRPCService {
  let billing: Billing

  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    let billing = self.billing
    router.register(BillingContract.createCustomer, caller: billing.createCustomer)
    router.register(BillingContract.getCustomer, caller: billing.getCustomer)
    router.register(BillingContract.searchCustomers, caller: billing.searchCustomers)
    router.register(BillingContract.openAccount, caller: billing.openAccount)
    router.register(BillingContract.getAccount, caller: billing.getAccount)
    router.register(BillingContract.listAccounts, caller: billing.listAccounts)
    router.register(BillingContract.setPaymentTerms, caller: billing.setPaymentTerms)
    router.register(BillingContract.blockAccount, caller: { request, caller in try await billing.setBlocked(true, request, caller: caller) })
    router.register(BillingContract.unblockAccount, caller: { request, caller in try await billing.setBlocked(false, request, caller: caller) })
    router.register(BillingContract.postPayment, caller: billing.postPayment)
    router.register(BillingContract.topUp, caller: billing.topUp)
    router.register(BillingContract.postCharge, caller: { request, caller in try await billing.postCharge(request, kind: .charge, caller: caller) })
    router.register(BillingContract.postCharges, caller: billing.postCharges)
    router.register(BillingContract.postDiscount, caller: { request, caller in try await billing.postCharge(request, kind: .discount, caller: caller) })
    router.register(BillingContract.reverseEntry, caller: billing.reverseEntry)
    router.register(BillingContract.listTransactions, caller: billing.listTransactions)
    router.register(BillingContract.exportTransactions, caller: billing.exportTransactions)
    router.register(BillingContract.postBankPayment, caller: billing.postBankPayment)
    router.register(BillingContract.importStatement, caller: billing.importStatement)
    router.register(BillingContract.listSuspense) { request, _ in try await billing.listSuspense(request) }
    router.register(BillingContract.assignSuspense, caller: billing.assignSuspense)
    router.register(BillingContract.issueInvoice, caller: billing.issueInvoice)
    router.register(BillingContract.createService, caller: billing.createService)
    router.register(BillingContract.createTariff, caller: billing.createTariff)
    router.register(BillingContract.listServices) { request, _ in try await billing.listServices(request) }
    router.register(BillingContract.createSubscription, caller: billing.createSubscription)
    router.register(BillingContract.planActivation, caller: billing.planActivation)
    router.register(BillingContract.activateSubscription, caller: billing.activateSubscription)
    router.register(BillingContract.suspendSubscription, caller: billing.suspendSubscription)
    router.register(BillingContract.resumeSubscription, caller: billing.resumeSubscription)
    router.register(BillingContract.closeSubscription, caller: billing.closeSubscription)
    router.register(BillingContract.listSubscriptions, caller: billing.listSubscriptions)
    router.register(BillingContract.serviceBalances, caller: billing.serviceBalances)
    router.register(BillingContract.runDailyCycle) { request, _ in try await billing.runDailyCycle(request) }
    router.register(BillingContract.listCycleFailures) { request, _ in try await billing.listCycleFailures(request) }
    router.register(BillingContract.setAutopay, caller: billing.setAutopay)
    router.register(BillingContract.getAutopay, caller: billing.getAutopay)
    router.register(BillingContract.verifyCustomerReference) { request, _ in try await billing.verifyCustomerReference(request) }
    router.register(BillingContract.setExchangeRate) { request, _ in try await billing.setExchangeRate(request) }
    router.register(BillingContract.importExchangeRates) { request, _ in try await billing.importExchangeRates(request) }
    router.register(BillingContract.getExchangeRate) { request, _ in try await billing.getExchangeRate(request) }
    router.register(BillingContract.setCalendarDay, caller: billing.setCalendarDay)
    router.register(BillingContract.listCalendar) { request, _ in try await billing.listCalendar(request) }
    router.register(BillingContract.listInvoices, caller: billing.listInvoices)
    router.register(BillingContract.requestPrepaymentInvoice, caller: billing.requestPrepaymentInvoice)
    router.register(BillingContract.listActs, caller: billing.listActs)
    router.register(BillingContract.actPDF, caller: billing.actPDF)
    router.register(BillingContract.invoicePDF, caller: billing.invoicePDF)
    router.register(BillingContract.createCorrection, caller: billing.createCorrection)
    router.register(BillingContract.amendCorrection, caller: billing.amendCorrection)
    router.register(BillingContract.deleteCorrection, caller: billing.deleteCorrection)
    router.register(BillingContract.sendCorrection, caller: billing.sendCorrection)
    router.register(BillingContract.postCorrectionWriteOff, caller: billing.postCorrectionWriteOff)
    router.register(BillingContract.getCorrection, caller: billing.getCorrection)
    router.register(BillingContract.listCorrections, caller: billing.listCorrections)
    router.register(BillingContract.correctionPDF, caller: billing.correctionPDF)
    router.register(BillingContract.createAgent) { request, _ in try await billing.createAgent(request) }
    router.register(BillingContract.createCommissionScale) { request, _ in try await billing.createCommissionScale(request) }
    router.register(BillingContract.bindCommissionScale, caller: billing.bindCommissionScale)
    router.register(BillingContract.agentScaleHistory) { request, _ in try await billing.agentScaleHistory(request) }
    router.register(BillingContract.commissionReport) { request, _ in try await billing.commissionReport(request) }
    router.register(BillingContract.exportCommissionReport) { request, _ in try await billing.exportCommissionReport(request) }
    router.register(BillingContract.exportInvoices, caller: billing.exportInvoices)
  }
}
