import Storage

extension BillingMigrations {
  /// Room in each page of `accounts` for new versions of its rows. Every posting rewrites its
  /// account's row (the balance); with full pages each new version lands on another page and
  /// all four of the table's indexes get an entry for it. With 30 % of each page free the new
  /// version stays on its page and no index is touched (a HOT update): a PostCharges batch's
  /// balance update of 1,000 accounts took 11–25 ms on full pages and 5 ms so
  /// (docs/BENCHMARKS.md §7, session 17). Pages written from now on keep the room; a deployment
  /// with many accounts already may rewrite the table once (`VACUUM FULL accounts`, which locks
  /// it) to give the old pages theirs.
  static let v119AccountsFillFactor = Migration(
    119,
    "room in the accounts table's pages for balance updates in place",
    "ALTER TABLE accounts SET (fillfactor = 70)"
  )
}
