/// The `grpc-timeout` request header: the caller's deadline, relative to when the call
/// started. grpc-swift reads it to cancel the handler but does not hand it to the handler, so
/// work that waits (a database lease) reads it here to give up in time to say why.
public enum GRPCTimeout {
  /// The header's duration: 1–8 ASCII digits and a unit (`H`, `M`, `S`, `m`, `u`, `n`), as
  /// the gRPC over HTTP/2 spec writes it; nil for anything else.
  public static func duration(parsing value: some StringProtocol) -> Duration? {
    let utf8 = Array(value.utf8)
    guard (2...9).contains(utf8.count), let unit = utf8.last else { return nil }
    var amount: Int64 = 0
    for digit in utf8.dropLast() {
      guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
      amount = amount * 10 + Int64(digit - UInt8(ascii: "0"))
    }
    switch unit {
    case UInt8(ascii: "H"): return .seconds(amount * 3600)
    case UInt8(ascii: "M"): return .seconds(amount * 60)
    case UInt8(ascii: "S"): return .seconds(amount)
    case UInt8(ascii: "m"): return .milliseconds(amount)
    case UInt8(ascii: "u"): return .microseconds(amount)
    case UInt8(ascii: "n"): return .nanoseconds(amount)
    default: return nil
    }
  }
}
