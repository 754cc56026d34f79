public import GRPCCore

/// One problem with one field of a request.
public struct FieldViolation: Sendable, Hashable {
  /// The request field, as named in the contract (e.g. `email`).
  public var field: String
  /// Stable, upper-snake-case (e.g. `EMAIL_TAKEN`), documented with the method.
  public var reason: String
  /// What a person should fix.
  public var message: String

  public init(_ field: String, _ reason: String, _ message: String) {
    self.field = field
    self.reason = reason
    self.message = message
  }
}

/// A request with one or more invalid fields: INVALID_ARGUMENT, reason `VALIDATION_FAILED`,
/// all the problems together — one `abonent-violation: <field>:<REASON>` metadata entry per
/// problem for programs, and the messages joined for people.
public struct ValidationFailure: ServiceError {
  public var violations: [FieldViolation]

  public init(_ violations: [FieldViolation]) {
    self.violations = violations
  }

  public var code: RPCError.Code { .invalidArgument }
  public var reason: String { "VALIDATION_FAILED" }
  public var message: String {
    self.violations.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
  }

  public var rpcErrorMetadata: Metadata {
    var metadata: Metadata = [reasonMetadataKey: "\(self.reason)"]
    for violation in self.violations {
      metadata.addString("\(violation.field):\(violation.reason)", forKey: violationMetadataKey)
    }
    return metadata
  }

  /// Throws when `violations` is not empty.
  public static func check(_ violations: [FieldViolation]) throws(ValidationFailure) {
    if !violations.isEmpty { throw ValidationFailure(violations) }
  }
}

/// The trailing-metadata key of each field violation.
public let violationMetadataKey = "abonent-violation"

extension RPCError {
  /// The field violations a server attached, as `field` → `REASON`.
  public var violations: [String: String] {
    var result: [String: String] = [:]
    for entry in self.metadata[stringValues: violationMetadataKey] {
      guard let colon = entry.firstIndex(of: ":") else { continue }
      result[String(entry[..<colon])] = String(entry[entry.index(after: colon)...])
    }
    return result
  }
}
