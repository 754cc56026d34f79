import Storage

/// ISP's schema. Versions from 100 (below are the platform's tables). FreeRADIUS reads the
/// `rad*` views and writes `radacct` and `radpostauth` (docs/isp.md, "RADIUS").
enum ISPMigrations {
  /// In version order; each version in its own file, `MigrationNNN<What>.swift`.
  static let all = [v100Radius]
}
