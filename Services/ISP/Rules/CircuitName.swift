/// The seed's circuit name: 3 letters of the city (the installation address's, else the
/// customer's), the customer's code in 6 digits, `-`, the plan's number in 3 digits —
/// `CCC000123-001`. Letters are the city's first three, accents removed, in capitals; a city
/// with fewer letters is padded with `X`, so every name has the same shape.
public enum CircuitName {
  /// Nil when the customer code or plan number does not fit its digits (or is negative).
  public static func make(installationCity: String?, customerCity: String?, customerCode: Int, planNumber: Int)
    -> String?
  {
    guard (0...999_999).contains(customerCode), (0...999).contains(planNumber) else { return nil }
    let city = [installationCity, customerCity].compactMap { $0 }.first { !Self.letters(of: $0).isEmpty } ?? ""
    let letters = Self.letters(of: city).prefix(3)
    let prefix = String(letters) + String(repeating: "X", count: 3 - letters.count)
    return prefix + Self.padded(customerCode, 6) + "-" + Self.padded(planNumber, 3)
  }

  /// A name as staff may edit it: 3–40 printable ASCII characters without spaces.
  public static func isValid(_ name: String) -> Bool {
    (3...40).contains(name.utf8.count) && name.utf8.allSatisfy { (0x21...0x7E).contains($0) }
  }

  /// The city's letters A–Z, accents folded (São → SAO, Ñ → N), others dropped.
  static func letters(of city: String) -> [Character] {
    city.uppercased().unicodeScalars.compactMap { scalar in
      let folded = Self.folding[scalar] ?? scalar
      return ("A"..."Z").contains(folded) ? Character(folded) : nil
    }
  }

  static let folding: [Unicode.Scalar: Unicode.Scalar] = {
    var map: [Unicode.Scalar: Unicode.Scalar] = [:]
    let groups: [(String, Unicode.Scalar)] = [
      ("ÀÁÂÃÄÅ", "A"), ("Ç", "C"), ("ÈÉÊË", "E"), ("ÌÍÎÏ", "I"), ("Ñ", "N"), ("ÒÓÔÕÖ", "O"), ("ÙÚÛÜ", "U"), ("Ý", "Y"),
    ]
    for (accented, plain) in groups {
      for scalar in accented.unicodeScalars { map[scalar] = plain }
    }
    return map
  }()

  static func padded(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }
}
