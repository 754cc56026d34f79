public import RPC

/// ISP's permissions (docs/contributing.md, "Permissions"), from the ISP manual's list for the
/// «Planos» tab; docs/isp.md maps each of the manual's entries to one of these or says why it
/// has none here.
public enum ISPPermission {
  static func isp(_ resource: String, _ verb: String, _ doc: String) -> Permission {
    Permission("isp", resource, verb, doc: doc)
  }

  /// «Status Planos»: see customers, plans, their items, circuits and history.
  public static let plansRead = isp("plans", "read", "See subscriber plans")
  /// «Adicionar Plano».
  public static let plansCreate = isp("plans", "create", "Add a plan to a customer (and register ISP customers)")
  /// «Editar Dados do Plano»: reference, addresses, franchise.
  public static let plansEdit = isp("plans", "edit", "Edit a plan's data: reference, addresses, franchise")
  /// «Editar Valor de Novo Plano» and «Alterar Valor do Plano».
  public static let planValuesEdit = isp("plan_values", "edit", "Change a plan's monthly value")
  /// «Mudar Plano» / «Mudança de Plano do Cliente».
  public static let plansChange = isp("plans", "change", "Change a customer's plan to another plan type")
  /// «Editar Status de Planos»: suspend.
  public static let plansSuspend = isp("plans", "suspend", "Suspend a plan")
  /// «Habilitar Planos Suspensos».
  public static let plansReactivate = isp("plans", "reactivate", "Reactivate a suspended plan")
  /// «Cancelar Plano».
  public static let plansCancel = isp("plans", "cancel", "Cancel a subscriber plan")
  /// «Apagar Plano/Apagar Domínio».
  public static let plansDelete = isp("plans", "delete", "Delete a plan with no login or e-mail linked")
  /// «Trocar Dono de Plano».
  public static let plansTransfer = isp("plans", "transfer", "Transfer a plan to another customer")
  /// «Contrato de Cliente»: the contract's dates and template.
  public static let contractsManage = isp("contracts", "manage", "Edit a plan's contract: dates and template")
  /// «Alterar Multa Editar Contrato» / «Permite Alterar Multa Contrato».
  public static let penaltiesEdit = isp("penalties", "edit", "Change the penalty of a plan's contract")
  /// «Informação de Cobrança»: payment method and composition without discounts.
  public static let billingTermsManage = isp(
    "billing_terms", "manage", "Edit a plan's billing information: payment method, surcharges")
  /// «Editar Vencimento do Plano».
  public static let dueDaysEdit = isp("due_days", "edit", "Change a plan's due day")
  /// «Alterar Data de Último Fechamento».
  public static let closingDatesEdit = isp("closing_dates", "edit", "Change a plan's last closing date")
  /// «Dar Descontos em Planos».
  public static let discountsGrant = isp("discounts", "grant", "Give discounts (also progressive) on plans")
  /// Plan types and their values (the catalogue the plans are chosen from).
  public static let catalogueManage = isp("catalogue", "manage", "Manage plan types")
  /// RADIUS logins: add, and «Fechar Conexão Atual».
  public static let loginsManage = isp("logins", "manage", "Manage RADIUS logins, IP addresses and MACs")
  /// «Editar Senha de Radius».
  public static let loginPasswordsEdit = isp("login_passwords", "edit", "Change a RADIUS login's password")
  /// «Ver Senha Login Radius»: the password and the connection data of a login.
  public static let loginPasswordsRead = isp(
    "login_passwords", "read", "See RADIUS login passwords and their connections")
  /// «Apagar Login de Radius».
  public static let loginsDelete = isp("logins", "delete", "Delete a RADIUS login")
  /// «Editar IP do Plano», «Novo IP».
  public static let addressesManage = isp("addresses", "manage", "Give plans IP addresses and release them")
  /// Access points and their IP pools.
  public static let accessPointsManage = isp("access_points", "manage", "Manage access points and their IP pools")
  /// «Permite Circuito».
  public static let circuitsManage = isp("circuits", "manage", "Add, edit and remove plan circuits")
  /// «Patrimônios» / «Movimento de Patrimônio»: equipment linked to plans.
  public static let assetsManage = isp("assets", "manage", "Link equipment to plans and unlink it")
  /// Monthly plan charges posted to Billing.
  public static let chargesPost = isp("charges", "post", "Post the month's plan charges to Billing")
  public static let mailboxesManage = isp("mailboxes", "manage", "Manage mailboxes, domains and FTP")
  public static let eventsRead = isp("events", "read", "Read ISP's event feed")

  public static let all: [Permission] = [
    plansRead, plansCreate, plansEdit, planValuesEdit, plansChange, plansSuspend, plansReactivate, plansCancel,
    plansDelete, plansTransfer, contractsManage, penaltiesEdit, billingTermsManage, dueDaysEdit, closingDatesEdit,
    discountsGrant, catalogueManage, loginsManage, loginPasswordsEdit, loginPasswordsRead, loginsDelete,
    addressesManage, accessPointsManage, circuitsManage, assetsManage, chargesPost, mailboxesManage, eventsRead,
  ]
}
