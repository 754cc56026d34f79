/// The rules of a RADIUS login (the seed's «Bloquear Acentos em Logins de Radius»).
public enum RadiusLogin {
  /// Logins are 1–64 characters, no spaces or control characters; with `blockAccents` only
  /// ASCII letters, digits and `.`, `_`, `-`, `@`.
  public static func isValid(_ login: String, blockAccents: Bool) -> Bool {
    guard (1...64).contains(login.count), login.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F })
    else { return false }
    guard blockAccents else { return true }
    return login.utf8.allSatisfy { byte in
      (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        || [0x2E, 0x5F, 0x2D, 0x40].contains(byte)
    }
  }

  /// A password of `length` characters from letters and digits without look-alikes (no 0/O,
  /// 1/l/I), drawn from `random`: what «gerar senha» hands out.
  public static func password<Random: RandomNumberGenerator>(length: Int = 12, using random: inout Random) -> String {
    let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    return String((0..<max(8, length)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] })
  }

  /// A WPA2 key («Quando selecionado a opção WPA2, gera automaticamente um código»): 20
  /// characters from the same alphabet plus symbols, over 110 bits of entropy.
  public static func wpa2Key<Random: RandomNumberGenerator>(using random: inout Random) -> String {
    let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%+=?@")
    return String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] })
  }
}
