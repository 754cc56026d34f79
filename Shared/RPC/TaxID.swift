// Shared by Identity (registration) and Billing (customers): both validate tax ids the same way.
/// National tax identifiers and their check digits.
package enum TaxID {
  /// Which kind of number a tax id is, once its check digits are right.
  package enum Kind: Equatable {
    case russianCompanyINN, russianPersonINN, kazakhIINorBIN
  }

  /// The countries whose tax ids are checked.
  package enum Country: Sendable {
    case russia, kazakhstan

    var name: String { self == .russia ? "Russian" : "Kazakh" }
  }

  /// What `text` is as a tax id of `country` alone: a Russian customer's INN is checked by Russian
  /// rules only and a Kazakh customer's IIN/BIN by Kazakh rules only, so a 12-digit number whose
  /// check digit happens to be right by the other country's rule is still refused.
  package static func check(_ text: String, country: Country) -> CountryCheck {
    guard let kind = self.kind(of: text) else {
      // A 12-digit number may be valid by both rules; kind(of:) prefers the Russian reading.
      return .invalid
    }
    switch (country, kind) {
    case (.russia, .russianCompanyINN), (.russia, .russianPersonINN), (.kazakhstan, .kazakhIINorBIN): return .valid
    case (.kazakhstan, _):
      return self.isValidKazakh(self.digits(text)) ? .valid : .otherCountry(.russia)
    case (.russia, .kazakhIINorBIN):
      return .otherCountry(.kazakhstan)
    }
  }

  /// The outcome of ``check(_:country:)``.
  package enum CountryCheck: Equatable {
    case valid
    case invalid
    /// Valid only by the rules of this other country.
    case otherCountry(Country)
  }

  static func digits(_ text: String) -> [Int] {
    text.utf8.map { Int($0) - 0x30 }
  }

  /// The kind of `text`, or `nil` when it is no valid tax id. A 12-digit number is accepted if
  /// either its Russian INN or its Kazakh IIN/BIN check digit is right.
  package static func kind(of text: String) -> Kind? {
    guard text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    let digits = text.utf8.map { Int($0) - 0x30 }
    switch digits.count {
    case 10: return self.isValidRussianINN(digits) ? .russianCompanyINN : nil
    case 12:
      if self.isValidRussianINN(digits) { return .russianPersonINN }
      if self.isValidKazakh(digits) { return .kazakhIINorBIN }
      return nil
    default: return nil
    }
  }

  /// Russian INN: a weighted sum mod 11 mod 10 per check digit (one for 10 digits, two for 12).
  package static func isValidRussianINN(_ digits: [Int]) -> Bool {
    func check(_ weights: [Int]) -> Int {
      zip(weights, digits).reduce(0) { $0 + $1.0 * $1.1 } % 11 % 10
    }
    switch digits.count {
    case 10:
      return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) == digits[9]
    case 12:
      return check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == digits[10]
        && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == digits[11]
    default:
      return false
    }
  }

  /// Kazakh IIN/BIN: weights 1…11 mod 11; a remainder of 10 retries with weights 3…11,1,2;
  /// a second 10 means the number cannot be valid.
  package static func isValidKazakh(_ digits: [Int]) -> Bool {
    guard digits.count == 12 else { return false }
    let first = (0..<11).reduce(0) { $0 + digits[$1] * ($1 + 1) } % 11
    if first != 10 { return first == digits[11] }
    let secondWeights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
    let second = (0..<11).reduce(0) { $0 + digits[$1] * secondWeights[$1] } % 11
    return second != 10 && second == digits[11]
  }
}
