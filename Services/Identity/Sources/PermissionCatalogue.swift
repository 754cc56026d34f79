/// The permissions and roles Abonent ships with. Services add their own permissions with
/// RegisterPermissions; these are the ones known from the start (granularity as in the ISP
/// manual's list, seed 004), so the built-in roles can grant them.
enum PermissionCatalogue {
  static let builtIn: [(name: String, doc: String)] = [
    ("identity.users.read", "See the users of an organization"),
    ("identity.users.manage", "Invite and remove users of an organization and change their roles"),
    ("identity.roles.manage", "Create and change custom roles"),
    ("identity.permissions.register", "Add a service's permissions to the catalogue"),
    ("identity.service_accounts.manage", "Create service accounts"),
    ("identity.keys.rotate", "Rotate the token-signing key"),
    ("identity.news.publish", "Publish news to customers"),
    ("identity.audit.read", "Read the security audit log"),
    ("identity.events.read", "Read Identity's event feed"),
    ("billing.customers.read", "See customers"),
    ("billing.customers.manage", "Create and change customers"),
    ("billing.accounts.read", "See personal accounts, balances and transactions"),
    ("billing.accounts.manage", "Open and change personal accounts"),
    ("billing.payments.post", "Post payments and import bank statements"),
    ("billing.topup.create", "Credit an account virtually (top-up)"),
    ("billing.charges.post", "Post charges and discounts (services posting usage)"),
    ("billing.entries.reverse", "Reverse a ledger entry"),
    ("billing.suspense.read", "See unmatched bank payments"),
    ("billing.suspense.assign", "Assign an unmatched bank payment to an account"),
    ("billing.account.block", "Block and unblock personal accounts"),
    ("billing.invoices.manage", "Issue invoices"),
    ("billing.invoice.read", "See invoices and documents"),
    ("billing.invoice.correct", "Correct invoices (credit and debit notes)"),
    ("billing.events.read", "Read Billing's event feed"),
    ("billing.catalogue.read", "See the services catalogue and tariffs"),
    ("billing.catalogue.manage", "Add services and tariffs to the catalogue"),
    ("billing.subscriptions.manage", "Create, plan, activate, suspend and close subscriptions"),
    ("billing.autopay.manage", "Set up autopayment by card"),
    ("billing.customers.verify", "Check that a tax id holds a contract or account (service accounts)"),
    ("billing.cycle.run", "Run Billing's daily cycle for a given day (operations)"),
    ("telecom.sim.read", "See SIM cards and usage"),
    ("telecom.sim.block", "Block and unblock SIM cards"),
    ("telecom.numbers.manage", "Manage the DID number pool"),
    ("telecom.events.read", "Read Telecom's event feed"),
    ("utilities.readings.submit", "Submit meter readings"),
    ("utilities.meters.manage", "Manage water meters"),
    ("utilities.events.read", "Read Utilities' event feed"),
    ("isp.plan.read", "See subscriber plans"),
    ("isp.plan.cancel", "Cancel a subscriber plan"),
    ("isp.login.manage", "Manage RADIUS logins, IP addresses and MACs"),
    ("isp.mail.manage", "Manage mailboxes, domains and FTP"),
    ("isp.events.read", "Read ISP's event feed"),
  ]

  /// Built-in roles: name, audience, permissions. The staff role `admin` holds every
  /// permission in the catalogue, including those registered later, so it is not listed.
  static let roles: [(name: String, audience: String, permissions: [String])] = [
    ("admin", "staff", []),
    ("support", "staff", ["identity.users.read", "identity.news.publish", "billing.customers.read", "billing.accounts.read", "billing.suspense.read", "billing.invoice.read", "telecom.sim.read", "isp.plan.read"]),
    ("sales", "staff", ["identity.users.read", "billing.customers.read", "billing.customers.manage", "billing.accounts.read", "billing.accounts.manage", "billing.invoice.read"]),
    ("billing", "staff", [
      "billing.customers.read", "billing.customers.manage", "billing.accounts.read", "billing.accounts.manage", "billing.payments.post",
      "billing.topup.create", "billing.charges.post", "billing.entries.reverse", "billing.suspense.read", "billing.suspense.assign",
      "billing.account.block", "billing.invoices.manage", "billing.invoice.read", "billing.invoice.correct",
      "billing.catalogue.read", "billing.catalogue.manage", "billing.subscriptions.manage", "billing.autopay.manage", "billing.cycle.run",
    ]),
    ("tech", "staff", ["telecom.sim.read", "telecom.sim.block", "telecom.numbers.manage", "utilities.meters.manage", "isp.plan.read", "isp.login.manage", "isp.mail.manage"]),
    ("owner", "customer", ["identity.users.read", "identity.users.manage", "billing.customers.read", "billing.accounts.read", "billing.invoice.read",
      "billing.catalogue.read", "billing.subscriptions.manage", "billing.autopay.manage", "telecom.sim.read", "utilities.readings.submit", "isp.plan.read", "isp.plan.cancel"]),
    ("member", "customer", ["identity.users.read", "billing.customers.read", "billing.accounts.read", "billing.invoice.read", "telecom.sim.read", "utilities.readings.submit", "isp.plan.read"]),
    ("read-only", "customer", ["billing.customers.read", "billing.accounts.read", "billing.invoice.read", "telecom.sim.read", "isp.plan.read"]),
  ]
}
