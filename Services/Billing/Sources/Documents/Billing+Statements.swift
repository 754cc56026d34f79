import BillingAPI
import GRPCCore
import RPC
import WireCodec

extension Billing {
  /// Imports a statement line by line, each in its own transaction and idempotent by its
  /// bank key, so a file imported twice (or an import interrupted and repeated) credits each
  /// payment once. A line that cannot be taken is reported and does not stop the others.
  func importStatement(_ request: ImportStatementRequest, caller: Caller) async throws -> ImportStatementReply {
    let currency = request.currency.isEmpty ? "RUB" : request.currency.uppercased()
    let lines: [BankPaymentLine]
    switch request.format {
    case .oneC: lines = try OneCStatement.lines(Array(request.content), currency: currency)
    case .csv: lines = try CSVStatement.lines(Array(request.content), currency: currency)
    case .unspecified:
      throw ValidationFailure([FieldViolation("format", "REQUIRED", "Say which layout the file has (1C or CSV).")])
    }
    var reply = ImportStatementReply()
    for line in lines {
      var result: BankLineResult
      do {
        result = try await self.receive(line, caller: caller, fieldPrefix: "")
      } catch let error as any ServiceError where error.code != .unavailable && error.code != .permissionDenied {
        result = BankLineResult(
          bankReference: line.bankReference, amount: line.amount, outcome: .rejected,
          note: "\(error.reason): \(error.message)")
      }
      switch result.outcome {
      case .credited: reply.credited += 1
      case .suspense: reply.suspense += 1
      case .duplicate: reply.duplicates += 1
      case .rejected, .unspecified: reply.rejected += 1
      }
      reply.lines.append(result)
    }
    return reply
  }
}
