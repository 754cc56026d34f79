#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

extension UUID: PageKey {
  public init?(token: String) { self.init(uuidString: token) }
  public var token: String { self.uuidString.lowercased() }
}
