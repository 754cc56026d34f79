import BillingAPI
import GRPCCore
import PostgresNIO
import RPC
import Storage
import TestSupport
import Testing

@Suite(
  "Customers and search",
  .enabled(if: TestDatabase.isAvailable, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct CustomerSearchTests {
  static let names = [
    "Попов Иван Петрович", "Попова Анна Сергеевна", "ООО Автосервис", "ИП Сервисов", "Popov John", "Acme Service",
    "Under_score Ltd", "Антипопов",
  ]

  /// Creates the named customers, contracts C-1…C-8.
  func seed(_ bed: BillingTestbed) async throws {
    for (index, name) in Self.names.enumerated() {
      try await bed.customer(name, contract: "C-\(index + 1)")
    }
  }

  func search(_ bed: BillingTestbed, _ request: SearchCustomersRequest, token: String? = nil) async throws -> [String] {
    try await bed.call(BillingContract.searchCustomers, request, token: try await bed.token(token)).customers.map(
      \.details.name)
  }

  static let wildcardCases: [(String, [String])] = [
    ("Попов%", ["Попов Иван Петрович", "Попова Анна Сергеевна"]),
    ("попов%", ["Попов Иван Петрович", "Попова Анна Сергеевна"]),
    ("%попов", ["Антипопов"]),
    ("%сервис", ["ООО Автосервис"]),
    ("%СЕРВИС%", ["ООО Автосервис", "ИП Сервисов"]),
    ("ооо автосервис", ["ООО Автосервис"]),
    ("Попов", []),
    ("popov%", ["Popov John"]),
    ("%SERVICE", ["Acme Service"]),
    ("%o%n%", ["Popov John"]),
    ("Under_score%", ["Under_score Ltd"]),
    ("Unde_%", []),
    ("Under\\_score%", []),
    ("%", names),
  ]

  @Test("wildcards as operators type them, Cyrillic and Latin, % at either end; _ and \\ are literal")
  func wildcards() async throws {
    try await BillingTestbed.with { bed in
      try await self.seed(bed)
      for (pattern, expected) in Self.wildcardCases {
        let found = try await self.search(bed, SearchCustomersRequest(name: pattern))
        #expect(found == expected, "pattern \(pattern)")
      }
    }
  }

  @Test("injection attempts find nothing and change nothing")
  func injection() async throws {
    try await BillingTestbed.with { bed in
      try await self.seed(bed)
      let attempts = [
        "' OR '1'='1", "%' OR '1'='1' --", "x'; DROP TABLE customers; --", "%'); DELETE FROM customers; --",
        "\\' OR 1=1 --", "Попов%' OR name ILIKE '%",
      ]
      for attempt in attempts {
        #expect(try await self.search(bed, SearchCustomersRequest(name: attempt)).isEmpty, "name \(attempt)")
        #expect(try await self.search(bed, SearchCustomersRequest(taxID: attempt)).isEmpty, "tax id \(attempt)")
        #expect(
          try await self.search(bed, SearchCustomersRequest(accountNumber: attempt)).isEmpty, "account \(attempt)")
      }
      #expect(try await self.search(bed, SearchCustomersRequest(name: "%")) == Self.names)
      let count = try await bed.sql { connection in
        try await connection.query("SELECT count(*) FROM customers", logger: .init(label: "test")).decode(Int64.self)
          .collect()
      }
      #expect(count == [Int64(Self.names.count)])
    }
  }

  @Test("by account number, tax id and contract; paged with a default of 100 and at most 5000")
  func exactCriteriaAndPaging() async throws {
    try await BillingTestbed.with { bed in
      try await self.seed(bed)
      let kazakh = try await bed.customer(
        "ТОО Алматы Телеком", contract: "KZ-1", taxID: "180340021791", country: .kazakhstan)
      let account = try await bed.account(for: kazakh, number: "777000111")
      #expect(
        try await self.search(bed, SearchCustomersRequest(accountNumber: account.number)) == ["ТОО Алматы Телеком"])
      #expect(try await self.search(bed, SearchCustomersRequest(taxID: "180340021791")) == ["ТОО Алматы Телеком"])
      #expect(try await self.search(bed, SearchCustomersRequest(contractNumber: "C-3")) == ["ООО Автосервис"])
      #expect(try await self.search(bed, SearchCustomersRequest(name: "%телеком", taxID: "7707083893")).isEmpty)

      var pages: [[String]] = []
      var token = ""
      repeat {
        let reply = try await bed.call(
          BillingContract.searchCustomers, SearchCustomersRequest(page: PageRequest(size: 3, token: token)),
          token: try await BillingTestbed.staffToken())
        pages.append(reply.customers.map(\.details.name))
        token = reply.nextPageToken
      } while !token.isEmpty
      #expect(pages.map(\.count) == [3, 3, 3])
      #expect(pages.flatMap { $0 } == Self.names + ["ТОО Алматы Телеком"])

      let tooLarge = await bed.refusal {
        _ = try await bed.call(
          BillingContract.searchCustomers, SearchCustomersRequest(page: PageRequest(size: 5001)),
          token: try await BillingTestbed.staffToken())
      }
      #expect(tooLarge?.code == .invalidArgument)
      #expect(tooLarge?.reason == "PAGE_TOO_LARGE")
      let largest = try await bed.call(
        BillingContract.searchCustomers, SearchCustomersRequest(page: PageRequest(size: 5000)),
        token: try await BillingTestbed.staffToken())
      #expect(largest.customers.count == 9)
    }
  }

  @Test("default page is 100")
  func defaultPage() async throws {
    try await BillingTestbed.with { bed in
      _ = try await bed.sql { connection in
        try await connection.query(
          """
          INSERT INTO customers (id, kind, name, contract_number, country, created_at)
          SELECT gen_random_uuid(), 'individual', 'Клиент ' || n, 'N-' || n, 'RU', now() FROM generate_series(1, 105) AS n
          """, logger: .init(label: "test"))
      }
      let first = try await bed.call(
        BillingContract.searchCustomers, SearchCustomersRequest(name: "клиент%"),
        token: try await BillingTestbed.staffToken())
      #expect(first.customers.count == 100)
      let second = try await bed.call(
        BillingContract.searchCustomers,
        SearchCustomersRequest(name: "клиент%", page: PageRequest(token: first.nextPageToken)),
        token: try await BillingTestbed.staffToken())
      #expect(second.customers.count == 5)
      #expect(second.nextPageToken.isEmpty)
    }
  }

  @Test("a tax id with wrong check digits and a taken contract number are refused")
  func validation() async throws {
    try await BillingTestbed.with { bed in
      let badTaxID = await bed.refusal { try await bed.customer("ООО Ошибка", contract: "E-1", taxID: "7707083894") }
      #expect(badTaxID?.reason == "VALIDATION_FAILED")
      #expect(badTaxID?.violations["details.taxID"] == "TAX_ID_INVALID")
      try await bed.customer("ООО Первый", contract: "E-2")
      let taken = await bed.refusal { try await bed.customer("ООО Второй", contract: "E-2") }
      #expect(taken?.code == .alreadyExists)
      #expect(taken?.reason == "CONTRACT_NUMBER_TAKEN")
      let individual = try await bed.customer("Сидоров Пётр", contract: "E-3", kind: .individual, taxID: "")
      #expect(individual.details.taxID.isEmpty)
      let read = try await bed.call(
        BillingContract.getCustomer, GetCustomerRequest(customerID: individual.id),
        token: try await BillingTestbed.staffToken())
      #expect(read == individual)
    }
  }
}
