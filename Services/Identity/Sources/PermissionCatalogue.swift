import BillingAPI
import ISPAPI
import IdentityAPI
import RPC
import TelecomAPI
import UtilitiesAPI

/// The permissions and roles Abonent ships with. Each service's permissions are declared in
/// its contract module (`BillingPermission`, …); services may add more at run time with
/// RegisterPermissions. These are known from the start (granularity as in the ISP manual's
/// list, seed 004), so the built-in roles can grant them.
enum PermissionCatalogue {
  static let builtIn: [Permission] =
    IdentityPermission.all + BillingPermission.all + TelecomPermission.all + UtilitiesPermission.all + ISPPermission.all

  /// The staff role that holds every permission in the catalogue, including those registered later.
  static let administrator = "admin"

  /// Built-in roles: name, audience, permissions. The staff role ``administrator`` holds every
  /// permission in the catalogue, including those registered later, so it is not listed.
  static let roles: [(name: String, audience: RoleAudience, permissions: [Permission])] = [
    (administrator, .staff, []),
    // Technical support (the Telecom manual's §2): finds customers by phone number, checks
    // locks and tariffs, searches CDRs.
    (
      "support", .staff,
      [
        IdentityPermission.usersRead, IdentityPermission.newsPublish, BillingPermission.customersRead,
        BillingPermission.accountsRead, BillingPermission.suspenseRead, BillingPermission.invoicesRead,
        TelecomPermission.simsRead, TelecomPermission.reportsRead, TelecomPermission.numbersRead,
        TelecomPermission.callsRead, TelecomPermission.locksRead, TelecomPermission.pricesRead,
        UtilitiesPermission.metersRead, UtilitiesPermission.chargesRead, ISPPermission.plansRead,
      ]
    ),
    // Sales: customers, and DID numbers — reserving them and asking for their release.
    (
      "sales", .staff,
      [
        IdentityPermission.usersRead, BillingPermission.customersRead, BillingPermission.customersManage,
        BillingPermission.accountsRead, BillingPermission.accountsManage, BillingPermission.invoicesRead,
        BillingPermission.subscriptionsManage, TelecomPermission.numbersRead, TelecomPermission.numbersManage,
      ]
    ),
    // The seed's «Ассистенты»: they decide release requests of numbers with non-target calls.
    ("assistant", .staff, [TelecomPermission.numbersRead, TelecomPermission.numbersApproveRelease]),
    // The water utility's customer department («абонентский отдел»): accounts, meters, readings
    // from inspectors and their review, tariffs, the month close, breakdowns and statements.
    (
      "utilities-office", .staff,
      [
        UtilitiesPermission.metersRead, UtilitiesPermission.metersManage, UtilitiesPermission.accountsManage,
        UtilitiesPermission.readingsSubmit, UtilitiesPermission.readingsImport, UtilitiesPermission.readingsReview,
        UtilitiesPermission.tariffsManage, UtilitiesPermission.chargesRead, UtilitiesPermission.chargesPost,
        UtilitiesPermission.noticesManage, BillingPermission.customersRead, BillingPermission.accountsRead,
      ]
    ),
    // The ISP integrator's desk («ISP Integrator Desk»): plans and everything on their tab.
    (
      "isp-desk", .staff,
      ISPPermission.all.filter { $0 != ISPPermission.eventsRead } + [
        BillingPermission.customersRead, BillingPermission.accountsRead,
      ]
    ),
    // Billing operations: the ledger, and the usage charges Billing refused (Telecom's).
    (
      "billing", .staff,
      BillingPermission.all.filter { $0 != BillingPermission.customersVerify && $0 != BillingPermission.eventsRead }
        + [TelecomPermission.chargesRead, TelecomPermission.chargesManage]
    ),
    (
      "tech", .staff,
      [
        TelecomPermission.simsRead, TelecomPermission.simsBlock, TelecomPermission.simsOperate,
        TelecomPermission.simsManage, TelecomPermission.numbersRead, TelecomPermission.numbersManage,
        UtilitiesPermission.metersRead, UtilitiesPermission.metersManage,
        ISPPermission.plansRead, ISPPermission.loginsManage, ISPPermission.addressesManage,
        ISPPermission.accessPointsManage, ISPPermission.loginPasswordsRead, ISPPermission.mailboxesManage,
      ]
    ),
    (
      "owner", .customer,
      [
        IdentityPermission.usersRead, IdentityPermission.usersManage, BillingPermission.customersRead,
        BillingPermission.accountsRead, BillingPermission.invoicesRead, BillingPermission.invoicesRequest,
        BillingPermission.catalogueRead, BillingPermission.subscriptionsManage, BillingPermission.autopayManage,
        // The cabinet's buttons for the company's own SIMs (docs/telecom.md, Permissions).
        TelecomPermission.simsRead, TelecomPermission.simsBlock, TelecomPermission.simsOperate,
        TelecomPermission.reportsRead,
        // The water utility's cabinet (docs/utilities.md, Permissions).
        UtilitiesPermission.metersRead, UtilitiesPermission.readingsSubmit, UtilitiesPermission.chargesRead,
        UtilitiesPermission.noticesManage, ISPPermission.plansRead, ISPPermission.plansCancel,
      ]
    ),
    (
      "member", .customer,
      [
        IdentityPermission.usersRead, BillingPermission.customersRead, BillingPermission.accountsRead,
        BillingPermission.invoicesRead, TelecomPermission.simsRead, TelecomPermission.reportsRead,
        UtilitiesPermission.metersRead, UtilitiesPermission.readingsSubmit, UtilitiesPermission.chargesRead,
        ISPPermission.plansRead,
      ]
    ),
    (
      "read-only", .customer,
      [
        BillingPermission.customersRead, BillingPermission.accountsRead, BillingPermission.invoicesRead,
        TelecomPermission.simsRead, TelecomPermission.reportsRead, UtilitiesPermission.metersRead,
        UtilitiesPermission.chargesRead, ISPPermission.plansRead,
      ]
    ),
  ]
}
