public import RPC

/// What a unique constraint's violation means to a caller, by constraint (or unique index)
/// name: `["customers_contract": BillingError.contractTaken]`. A service declares its map once
/// (``ServiceDefinition``'s `uniqueViolations`), next to its schema; ``StoreError`` answers a
/// violation of a listed constraint with its error, and of any other with `ALREADY_EXISTS`.
/// Call sites then never catch and re-map `ALREADY_EXISTS`.
public struct UniqueViolations: Sendable {
  let byConstraint: [String: any ServiceError]

  public init(_ byConstraint: [String: any ServiceError] = [:]) {
    self.byConstraint = byConstraint
  }

  /// The error for a violation of `constraint`, if the service named one.
  public func error(for constraint: String?) -> (any ServiceError)? {
    constraint.flatMap { self.byConstraint[$0] }
  }
}
