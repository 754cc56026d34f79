import BillingRules
import TestSupport
import Testing

/// Reading a payment purpose: the rules without a database.
@Suite("Payment purposes: what a purpose names")
struct PurposeRulesTests {
  @Test(
    "dates, amounts, percentages and years are never references",
    arguments: [
      (
        "Оплата по счету NCR-0134 от 01.12.2023 по договору 123, сумма 1 200,00 руб., в т.ч. НДС 20% 200,00",
        ["NCR-0134", "123"]
      ),
      ("Оплата услуг связи за декабрь 2023 г. по договору Д-100. Сумма 4645-00 Без НДС", ["Д-100"]),
      ("Предоплата по дог. 77 от 2023-12-01 за 2023 год, 4645.00 RUB", ["77"]),
      ("Счет № ncr-0097 (1 ноября 2023), НДС не облагается, итого 5192.49", ["ncr-0097"]),
      ("Лицевой счет 40817810 оплата 12 345 678,90 тенге 2024 года", ["40817810"]),
    ])
  func references(purpose: String, expected: [String]) {
    let words = Set(PurposeText.references(in: purpose))
    for reference in expected { #expect(words.contains(reference), "\(reference) in \(words)") }
    for noise in ["01", "12", "2023", "1", "200", "00", "20", "4645", "5192", "49", "345", "678", "90", "2024", "11"] {
      #expect(!words.contains(noise), "«\(noise)» read as a reference in «\(purpose)»: \(words)")
    }
  }

  typealias Hit = PurposeDecision.Hit

  @Test(
    "an invoice number wins over an account and a contract number; two accounts at the strongest kind leave it in suspense naming both"
  )
  func decisions() {
    let invoice = Hit(accountNumber: "A", reference: "invoice NCR-1")
    let contract = Hit(accountNumber: "B", reference: "contract 5")
    #expect(PurposeDecision.decide(invoices: [invoice], accounts: [], contracts: [contract]) == .credit(invoice))
    #expect(PurposeDecision.decide(invoices: [], accounts: [], contracts: [contract]) == .credit(contract))
    let other = Hit(accountNumber: "C", reference: "invoice NCR-2")
    let twoInvoices = PurposeDecision.decide(invoices: [invoice, other], accounts: [], contracts: [contract])
    #expect(twoInvoices == .ambiguous([invoice, other]))
    #expect(twoInvoices.note.contains("A (invoice NCR-1)") && twoInvoices.note.contains("C (invoice NCR-2)"))
    // Two invoices of one account are one candidate.
    let sameAccount = Hit(accountNumber: "A", reference: "invoice NCR-3")
    #expect(PurposeDecision.decide(invoices: [invoice, sameAccount], accounts: [], contracts: []) == .credit(invoice))
    #expect(PurposeDecision.decide(invoices: [], accounts: [], contracts: []) == .none)
  }

  /// A registry of invoices and contracts, matched as PurposeMatcher's SQL matches them.
  struct Registry {
    var invoices: [String: String] = [:]  // number → account
    var contracts: [String: [String]] = [:]  // contract → accounts

    func decide(_ purpose: String) -> PurposeDecision {
      let words = PurposeText.references(in: purpose)
      let upper = Set(words.map { $0.uppercased() })
      let invoiceHits = self.invoices.filter { upper.contains($0.key.uppercased()) }.sorted { $0.key < $1.key }
        .map { Hit(accountNumber: $0.value, reference: "invoice \($0.key)") }
      let contractHits = self.contracts.filter { words.contains($0.key) }.sorted { $0.key < $1.key }
        .flatMap { contract in contract.value.map { Hit(accountNumber: $0, reference: "contract \(contract.key)") } }
      return PurposeDecision.decide(invoices: invoiceHits, accounts: [], contracts: contractHits)
    }
  }

  static func noise(_ random: inout SeededRandom) -> String {
    let day = Int.random(in: 1...28, using: &random)
    let month = Int.random(in: 1...12, using: &random)
    let year = Int.random(in: 1995...2035, using: &random)
    let amount = Int.random(in: 1...99_999_999, using: &random)
    let kopecks = Int.random(in: 0...99, using: &random)
    let grouped = String(amount).reversed().enumerated().reduce(into: "") { text, pair in
      if pair.offset > 0, pair.offset % 3 == 0 { text.append(" ") }
      text.append(pair.element)
    }.reversed()
    let pad = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
    let months = [
      "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября",
      "декабря",
    ]
    let nominative = [
      "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь",
      "декабрь",
    ]
    let choices = [
      "от \(pad(day)).\(pad(month)).\(year)", "от \(day)/\(month)/\(year % 100)", "\(year)-\(pad(month))-\(pad(day))",
      "\(day) \(months[month - 1]) \(year) г.", "за \(nominative[month - 1]) \(year)", "за \(year) год", "\(year) г.",
      "сумма \(String(grouped)),\(pad(kopecks))", "\(amount).\(pad(kopecks)) руб.", "Сумма \(amount)-\(pad(kopecks))",
      "\(amount) RUB",
      "НДС \(Int.random(in: 0...22, using: &random))%", "в т.ч. НДС \(amount),\(pad(kopecks))",
      "\(String(grouped)),\(pad(kopecks))",
      "Оплата", "услуг связи", "Без НДС", "по", "Предоплата",
    ]
    return choices.randomElement(using: &random)!
  }

  @Test("generated purposes: noise never matches a contract, an invoice always wins, two invoices go to suspense")
  func generatedPurposes() {
    var random = SeededRandom.forTest("generated payment purposes")
    for _ in 0..<600 {
      var registry = Registry()
      let target = "T-\(Int.random(in: 1...999, using: &random))"
      let invoice = "NCR-\(Int.random(in: 1...9999, using: &random))"
      let contract = ["K-\(Int.random(in: 1...99, using: &random))", "\(Int.random(in: 100...99999, using: &random))"]
        .randomElement(using: &random)!
      registry.invoices[invoice] = target
      var fragments = (0..<Int.random(in: 1...6, using: &random)).map { _ in Self.noise(&random) }
      // Every run of digits in the noise is some other customer's contract number.
      for fragment in fragments {
        for run in fragment.split(whereSeparator: { !$0.isNumber }) where String(run) != contract {
          registry.contracts[String(run), default: []].append("decoy-\(run)")
        }
      }
      let withInvoice = Bool.random(using: &random)
      let withContract = Bool.random(using: &random)
      let withSecondInvoice = Bool.random(using: &random) && withInvoice
      if withContract {
        registry.contracts[contract] = [target]
        fragments.insert(
          ["по договору \(contract)", "дог. № \(contract)", "Договор \(contract)"].randomElement(using: &random)!, at: 0
        )
      }
      if withInvoice {
        fragments.append(
          ["по счету \(invoice)", "счёт \(invoice.lowercased())", "Счет № \(invoice)"].randomElement(using: &random)!)
      }
      if withSecondInvoice {
        registry.invoices["NCR-99999"] = "second"
        fragments.append("и NCR-99999")
      }
      let purpose = fragments.shuffled(using: &random).joined(separator: ", ")
      let decision = registry.decide(purpose)
      switch (withInvoice, withSecondInvoice, withContract) {
      case (true, true, _):
        guard case .ambiguous(let hits) = decision else {
          Issue.record("«\(purpose)»: \(decision)")
          return
        }
        #expect(Set(hits.map(\.accountNumber)) == [target, "second"], "«\(purpose)»")
      case (true, false, _), (false, _, true):
        guard case .credit(let hit) = decision, hit.accountNumber == target else {
          Issue.record("«\(purpose)»: \(decision)")
          return
        }
      case (false, _, false):
        #expect(decision == .none, "«\(purpose)» matched \(decision)")
      }
    }
  }
}
