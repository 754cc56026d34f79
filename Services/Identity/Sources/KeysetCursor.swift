import GRPCCore
import RPC
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A page token naming the last row of a page by its sort key and id, so the next page starts
/// right after it even when many rows share a timestamp.
struct KeysetCursor: Sendable {
  let at: UTCTimestamp
  let id: UUID

  var token: String { "\(self.at.microsecondsSinceEpoch)_\(self.id.uuidString.lowercased())" }

  /// The cursor in `request`, `nil` for the first page, INVALID_ARGUMENT for anything this
  /// service did not hand out.
  static func parse(_ request: PageRequest) throws(PlatformError) -> KeysetCursor? {
    guard !request.token.isEmpty else { return nil }
    let parts = request.token.split(separator: "_")
    guard parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else {
      throw PlatformError(
        code: .invalidArgument, reason: "PAGE_TOKEN_INVALID", message: "The page token is not one this list gave out.")
    }
    return KeysetCursor(at: UTCTimestamp(microsecondsSinceEpoch: micros), id: id)
  }
}
