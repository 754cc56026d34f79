import Storage

extension IdentityMigrations {
  /// One naming rule for permissions, `<service>.<plural noun>.<verb>` (docs/contributing.md):
  /// the singular names are renamed. Custom roles and service accounts keep what they were
  /// granted, under the new names; the built-in roles are granted afresh at every start.
  /// Access tokens signed before the upgrade carry the old names until they are renewed.
  static let v103PermissionNames = Migration(
    103, "permission names: <service>.<plural noun>.<verb>",
    """
    CREATE TEMPORARY TABLE permission_renames (old text PRIMARY KEY, new text NOT NULL) ON COMMIT DROP
    """,
    """
    INSERT INTO permission_renames (old, new) VALUES
      ('billing.account.block', 'billing.accounts.block'),
      ('billing.calendar.manage', 'billing.calendars.manage'),
      ('billing.cycle.run', 'billing.cycles.run'),
      ('billing.invoice.correct', 'billing.invoices.correct'),
      ('billing.invoice.read', 'billing.invoices.read'),
      ('billing.topup.create', 'billing.topups.create'),
      ('isp.login.manage', 'isp.logins.manage'),
      ('isp.mail.manage', 'isp.mailboxes.manage'),
      ('isp.plan.cancel', 'isp.plans.cancel'),
      ('isp.plan.read', 'isp.plans.read'),
      ('telecom.sim.block', 'telecom.sims.block'),
      ('telecom.sim.read', 'telecom.sims.read')
    """,
    """
    INSERT INTO permissions (name, service, doc)
    SELECT r.new, p.service, p.doc FROM permissions p JOIN permission_renames r ON r.old = p.name
    ON CONFLICT (name) DO NOTHING
    """,
    """
    INSERT INTO role_permissions (role, permission)
    SELECT rp.role, r.new FROM role_permissions rp JOIN permission_renames r ON r.old = rp.permission
    ON CONFLICT DO NOTHING
    """,
    "DELETE FROM role_permissions WHERE permission IN (SELECT old FROM permission_renames)",
    """
    UPDATE service_accounts s SET permissions = ARRAY(
      SELECT DISTINCT COALESCE(r.new, p) FROM unnest(s.permissions) AS p LEFT JOIN permission_renames r ON r.old = p ORDER BY 1)
    WHERE s.permissions && ARRAY(SELECT old FROM permission_renames)
    """,
    "DELETE FROM permissions WHERE name IN (SELECT old FROM permission_renames)"
  )
}
