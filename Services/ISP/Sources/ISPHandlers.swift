import GRPCCore
import ISPAPI
import RPC

/// Translates ISP's RPCs to domain calls; nothing else happens here.
struct ISPHandlers: RegistrableRPCService {
  let isp: ISP

  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    let isp = self.isp
    router.registerAuthenticated(ISPContract.registerCustomer, isp.registerCustomer)
    router.registerAuthenticated(ISPContract.getCustomer, isp.getCustomer)
    router.registerAuthenticated(ISPContract.setPlanType, isp.setPlanType)
    router.registerAuthenticated(ISPContract.listPlanTypes, isp.listPlanTypes)
    router.registerAuthenticated(ISPContract.addPlan, isp.addPlan)
    router.registerAuthenticated(ISPContract.getPlan, isp.getPlan)
    router.registerAuthenticated(ISPContract.listPlans, isp.listPlans)
    router.registerAuthenticated(ISPContract.editPlan, isp.editPlan)
    router.registerAuthenticated(ISPContract.changePlanValue, isp.changePlanValue)
    router.registerAuthenticated(ISPContract.changePlan, isp.changePlan)
    router.registerAuthenticated(ISPContract.suspendPlan, isp.suspendPlan)
    router.registerAuthenticated(ISPContract.reactivatePlan, isp.reactivatePlan)
    router.registerAuthenticated(ISPContract.cancelPlan, isp.cancelPlan)
    router.registerAuthenticated(ISPContract.deletePlan, isp.deletePlan)
    router.registerAuthenticated(ISPContract.transferPlan, isp.transferPlan)
    router.registerAuthenticated(ISPContract.setPlanBilling, isp.setPlanBilling)
    router.registerAuthenticated(ISPContract.setPlanContract, isp.setPlanContract)
    router.registerAuthenticated(ISPContract.linkEquipment, isp.linkEquipment)
    router.registerAuthenticated(ISPContract.unlinkEquipment, isp.unlinkEquipment)
    router.registerAuthenticated(ISPContract.planHistory, isp.planHistory)
    router.registerAuthenticated(ISPContract.chargePlans, isp.chargePlans)
    router.registerAuthenticated(ISPContract.listRefusedCharges, isp.listRefusedCharges)
    router.registerAuthenticated(ISPContract.repostCharges, isp.repostCharges)
    router.registerAuthenticated(ISPContract.listChargeReposts, isp.listChargeReposts)
    router.registerAuthenticated(ISPContract.createLogin, isp.createLogin)
    router.registerAuthenticated(ISPContract.getLogin, isp.getLogin)
    router.registerAuthenticated(ISPContract.changeLoginPassword, isp.changeLoginPassword)
    router.registerAuthenticated(ISPContract.deleteLogin, isp.deleteLogin)
    router.registerAuthenticated(ISPContract.connectionExtract, isp.connectionExtract)
    router.registerAuthenticated(ISPContract.closeConnection, isp.closeConnection)
    router.registerAuthenticated(ISPContract.createAccessPoint, isp.createAccessPoint)
    router.registerAuthenticated(ISPContract.listAccessPoints, isp.listAccessPoints)
    router.registerAuthenticated(ISPContract.assignAddress, isp.assignAddress)
    router.registerAuthenticated(ISPContract.releaseAddress, isp.releaseAddress)
    router.registerAuthenticated(ISPContract.setCircuit, isp.setCircuit)
    router.registerAuthenticated(ISPContract.removeCircuit, isp.removeCircuit)
  }
}
