public import RPC

/// The public contract of the ISP service: what callers import to talk to it. Reasons of the
/// refusals and the permissions are listed in docs/isp.md.
public enum ISPContract {
  public static let serviceName = "abonent.isp.ISP"
  /// The documented default gRPC port (docs/configuration.md).
  public static let defaultPort = 7405

  static func unary<Request, Reply>(_ name: String, _ permission: Permission, _ doc: String) -> UnaryMethod<
    Request, Reply
  > {
    UnaryMethod(service: serviceName, name: name, access: .permission(permission), doc: doc)
  }

  // Customers and the catalogue.
  public static let registerCustomer: UnaryMethod<RegisterCustomerRequest, ISPCustomer> = unary(
    "RegisterCustomer", ISPPermission.plansCreate,
    "Registers a Billing customer as a subscriber (code, city, addresses); idempotent, a second call updates them.")
  public static let getCustomer: UnaryMethod<GetISPCustomerRequest, ISPCustomer> = unary(
    "GetCustomer", ISPPermission.plansRead, "One subscriber (customers: their own).")
  public static let setPlanType: UnaryMethod<PlanType, PlanType> = unary(
    "SetPlanType", ISPPermission.catalogueManage, "Adds a plan type or changes it (plans keep their own value).")
  public static let listPlanTypes: UnaryMethod<ListPlanTypesRequest, ListPlanTypesReply> = unary(
    "ListPlanTypes", ISPPermission.plansRead, "Plan types by code; paged.")

  // Plans.
  public static let addPlan: UnaryMethod<AddPlanRequest, Plan> = unary(
    "AddPlan", ISPPermission.plansCreate,
    "«Adicionar Plano»: a plan of a type on one of the customer's Billing accounts, with addresses (PADRÃO by default), contract and billing information."
  )
  public static let getPlan: UnaryMethod<GetPlanRequest, Plan> = unary(
    "GetPlan", ISPPermission.plansRead, "A plan with its items (customers: their own).")
  public static let listPlans: UnaryMethod<ListPlansRequest, ListPlansReply> = unary(
    "ListPlans", ISPPermission.plansRead, "Plans by customer, circuit (or its beginning) and status; paged.")
  public static let editPlan: UnaryMethod<EditPlanRequest, Plan> = unary(
    "EditPlan", ISPPermission.plansEdit, "«Editar Dados do Plano»: reference, addresses, franchise; kept in history.")
  public static let changePlanValue: UnaryMethod<ChangePlanValueRequest, Plan> = unary(
    "ChangePlanValue", ISPPermission.planValuesEdit, "«Alterar Valor do Plano»; kept in history.")
  public static let changePlan: UnaryMethod<ChangePlanRequest, Plan> = unary(
    "ChangePlan", ISPPermission.plansChange,
    "«Mudar Plano»: a new plan of another type takes the logins and addresses; the circuit is not inherited.")
  public static let suspendPlan: UnaryMethod<SuspendPlanRequest, PlanStatusReply> = unary(
    "SuspendPlan", ISPPermission.plansSuspend,
    "Suspends a plan (temporarily only where allowed): its logins are refused at the next RADIUS request.")
  public static let reactivatePlan: UnaryMethod<PlanActionRequest, PlanStatusReply> = unary(
    "ReactivatePlan", ISPPermission.plansReactivate, "«Habilitar Planos Suspensos».")
  public static let cancelPlan: UnaryMethod<PlanActionRequest, CancelPlanReply> = unary(
    "CancelPlan", ISPPermission.plansCancel,
    "Cancels a plan: refused while equipment is linked when the setting says so; the last plan may inactivate the customer."
  )
  public static let deletePlan: UnaryMethod<PlanActionRequest, Plan> = unary(
    "DeletePlan", ISPPermission.plansDelete,
    "«Apagar Plano»: refused while a login or e-mail is linked; the history stays.")
  public static let transferPlan: UnaryMethod<TransferPlanRequest, TransferPlanReply> = unary(
    "TransferPlan", ISPPermission.plansTransfer,
    "«Trocar Dono do Plano», optionally cancelling the old owner's receivables and creating the new customer.")
  public static let setPlanBilling: UnaryMethod<SetPlanBillingRequest, Plan> = unary(
    "SetPlanBilling", ISPPermission.billingTermsManage,
    "«Informação de Cobrança»: payment method, due day, last closing date, composition; each part its permission.")
  public static let setPlanContract: UnaryMethod<SetPlanContractRequest, Plan> = unary(
    "SetPlanContract", ISPPermission.contractsManage, "The contract's dates and template; the penalty needs its own.")
  public static let linkEquipment: UnaryMethod<PlanEquipmentRequest, Plan> = unary(
    "LinkEquipment", ISPPermission.assetsManage, "Links a piece of equipment to a plan.")
  public static let unlinkEquipment: UnaryMethod<PlanEquipmentRequest, Plan> = unary(
    "UnlinkEquipment", ISPPermission.assetsManage, "Unlinks a piece of equipment from a plan.")
  public static let planHistory: UnaryMethod<PlanHistoryRequest, PlanHistoryReply> = unary(
    "PlanHistory", ISPPermission.plansRead, "Who changed a plan, when, what and why; newest first, paged.")
  public static let chargePlans: UnaryMethod<ChargePlansRequest, ChargePlansReply> = unary(
    "ChargePlans", ISPPermission.chargesPost,
    "Posts the month's charges of the plans active in it to Billing, once per plan and month.")

  // RADIUS.
  public static let createLogin: UnaryMethod<CreateLoginRequest, RadiusLoginInfo> = unary(
    "CreateLogin", ISPPermission.loginsManage, "A RADIUS login on a plan; FreeRADIUS accepts it at once.")
  public static let getLogin: UnaryMethod<LoginActionRequest, RadiusLoginInfo> = unary(
    "GetLogin", ISPPermission.plansRead, "A login; its password only with isp.login_passwords.read.")
  public static let changeLoginPassword: UnaryMethod<ChangeLoginPasswordRequest, RadiusLoginInfo> = unary(
    "ChangeLoginPassword", ISPPermission.loginPasswordsEdit, "Sets or generates a login's password.")
  public static let deleteLogin: UnaryMethod<LoginActionRequest, RadiusLoginInfo> = unary(
    "DeleteLogin", ISPPermission.loginsDelete, "«Apagar o Login de Autenticação»; written to the plan's history.")
  public static let connectionExtract: UnaryMethod<ConnectionExtractRequest, ConnectionExtract> = unary(
    "ConnectionExtract", ISPPermission.loginPasswordsRead,
    "A login's connections over a period from RADIUS accounting: time, MAC, traffic.")
  public static let closeConnection: UnaryMethod<LoginActionRequest, CloseConnectionReply> = unary(
    "CloseConnection", ISPPermission.loginsManage,
    "«Fechar Conexão Atual»: an RFC 5176 Disconnect-Request for the login's open session to its access point's NAS.")

  // Addresses and circuits.
  public static let createAccessPoint: UnaryMethod<CreateAccessPointRequest, AccessPoint> = unary(
    "CreateAccessPoint", ISPPermission.accessPointsManage, "An access point with its IP pool and NAS.")
  public static let listAccessPoints: UnaryMethod<ListAccessPointsRequest, ListAccessPointsReply> = unary(
    "ListAccessPoints", ISPPermission.plansRead, "Access points with their pools' use; paged.")
  public static let assignAddress: UnaryMethod<AssignAddressRequest, AssignedAddress> = unary(
    "AssignAddress", ISPPermission.addressesManage,
    "«Novo IP»: the next free address of the pool, or a chosen one, unique under concurrency; MAC, speeds, options, WPA2."
  )
  public static let releaseAddress: UnaryMethod<ReleaseAddressRequest, Plan> = unary(
    "ReleaseAddress", ISPPermission.addressesManage, "Gives an address back to its pool.")
  public static let setCircuit: UnaryMethod<SetCircuitRequest, Plan> = unary(
    "SetCircuit", ISPPermission.circuitsManage,
    "«Cadastrar Novo Circuito» or edit it: the generated name (city, customer code, plan number) or an edited one, unique."
  )
  public static let removeCircuit: UnaryMethod<PlanActionRequest, Plan> = unary(
    "RemoveCircuit", ISPPermission.circuitsManage, "Removes a plan's circuit.")

  public static let contract = ServiceContract(
    name: serviceName,
    doc: "Subscriber plans, RADIUS logins, IP pools, circuits and history.",
    methods: [
      registerCustomer, getCustomer, setPlanType, listPlanTypes, addPlan, getPlan, listPlans, editPlan,
      changePlanValue, changePlan, suspendPlan, reactivatePlan, cancelPlan, deletePlan, transferPlan, setPlanBilling,
      setPlanContract, linkEquipment, unlinkEquipment, planHistory, chargePlans, createLogin, getLogin,
      changeLoginPassword, deleteLogin, connectionExtract, closeConnection, createAccessPoint, listAccessPoints,
      assignAddress, releaseAddress, setCircuit, removeCircuit,
    ] + refusedChargeMethods
  )
}
