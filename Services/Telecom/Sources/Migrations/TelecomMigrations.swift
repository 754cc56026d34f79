import Storage

/// Telecom's schema. Versions from 100 (below are the platform's tables). Telecom owns these
/// tables alone: Billing's data reaches it through Billing's API and event feed.
enum TelecomMigrations {
  /// In version order; each version in its own file, `MigrationNNN<What>.swift`.
  static let all = [
    v100Sims,
    v101SimOperations,
    v102DebtBlocks,
    v103Tasks,
    v104Usage,
    v105BulkOperations,
    v106Downloads,
    v107Quotas,
    v108Rating,
    v109CallRecords,
    v110NumberPool,
    v111CallChargeBatches,
    v112RefusedCharges,
  ]

  /// The unique indexes a caller can run into, as the refusals they mean.
  static let uniqueViolations = UniqueViolations([
    "sims_msisdn": TelecomError.msisdnTaken,
    "sims_imsi": TelecomError.imsiTaken,
    "sim_operations_one_pending": TelecomError.operationPending,
    "call_locks_one_per_prefix": TelecomError.lockExists,
    "providers_pkey": TelecomError.providerExists,
    "rating_plans_pkey": TelecomError.ratingPlanExists,
    "did_numbers_one_per_subscription": TelecomError.subscriptionHasNumber,
    "did_release_requests_one_open": TelecomError.releaseAlreadyRequested,
  ])
}
