import BillingAPI
import BillingRules
import PostgresNIO
import RPC
import Storage
import WireCodec

/// Partner commissions, seed 003 §1.5 and §5.5.4: agents earn a percent of their customers'
/// spending by a progressive scale — the band the month's base reaches gives the percent of the
/// whole base. Which scale applies is bound per agent from a month on, and the bindings are kept
/// as the history.
extension Billing {
  func createAgent(_ request: CreateAgentRequest) async throws -> Agent {
    let code = request.code.trimmingWhitespace
    let name = request.name.trimmingWhitespace
    var checks = FieldChecks()
    checks.text(code, field: "code", name: "The agent code", maximum: 64)
    checks.text(name, field: "name", name: "The name", maximum: 300)
    try checks.check()
    let inserted = try await self.database.transaction { connection in
      try await connection.query(
        """
        INSERT INTO agents (code, name, created_at) VALUES (\(code), \(name), \(self.now)) ON CONFLICT DO NOTHING RETURNING 1
        """, logger: self.logger
      ).decode(Int.self).collect()
    }
    guard !inserted.isEmpty else { throw BillingError.agentCodeTaken }
    return Agent(code: code, name: name)
  }

  func createCommissionScale(_ request: CreateCommissionScaleRequest) async throws -> CommissionScale {
    var checks = FieldChecks()
    checks.text(request.description, field: "description", name: "The template description", maximum: 300)
    checks.text(request.algorithm, field: "algorithm", name: "The algorithm description", maximum: 300)
    checks.text(request.commissionType, field: "commissionType", name: "The commission type", maximum: 200)
    let currency = checks.currency(request.currency)
    var bands: [(from: Int64, percent: ExactDecimal)] = []
    if request.bands.isEmpty { checks.add("bands", "REQUIRED", "A scale has at least one band.") }
    for (index, band) in request.bands.enumerated() {
      guard
        let from = checks.money(
          band.from, currency: currency, limits: self.settings.amountLimits, field: "bands[\(index)].from",
          sign: .zeroOrMore)
      else { continue }
      let percent = band.percent
      if percent.units < 0 || percent.scale > 2 || Money.rounded(percent, to: 2).map({ $0.units > 10_000 }) ?? true {
        checks.add("bands[\(index)].percent", "PERCENT_INVALID", "A percent is 0–100 with at most 2 decimals.")
        continue
      }
      if index == 0, from != 0 { checks.add("bands[0].from", "FIRST_BAND_NOT_ZERO", "The first range starts at 0.") }
      if let last = bands.last, from <= last.from {
        checks.add("bands[\(index)].from", "BANDS_NOT_INCREASING", "Each range starts above the one before it.")
      }
      bands.append((from, percent))
    }
    try checks.check()
    let checked = bands
    return try await self.database.transaction { connection in
      let id = try await connection.query(
        """
        INSERT INTO commission_scales (description, algorithm, commission_type, currency, created_at)
        VALUES (\(request.description.trimmingWhitespace), \(request.algorithm.trimmingWhitespace), \(request.commissionType.trimmingWhitespace),
                \(currency), \(self.now))
        RETURNING id
        """, logger: self.logger
      ).decode(Int64.self).collect()[0]
      for band in checked {
        try await connection.query(
          """
          INSERT INTO commission_bands (scale_id, from_minor, percent_units, percent_scale)
          VALUES (\(id), \(band.from), \(band.percent.units), \(Int16(band.percent.scale)))
          """, logger: self.logger)
      }
      return try await self.scales([id], on: connection)[id]!
    }
  }

  func bindCommissionScale(_ request: BindCommissionScaleRequest, caller: Caller) async throws -> AgentScaleHistory {
    var checks = FieldChecks()
    if request.fromMonth.components.day != 1 {
      checks.add("fromMonth", "NOT_A_MONTH", "A scale is bound from the 1st of a month.")
    }
    try checks.check()
    return try await self.database.transaction { connection in
      let agent = try await self.agent(request.agentCode, on: connection)
      guard try await !self.scales([request.scaleID], on: connection).isEmpty else { throw BillingError.scaleNotFound }
      try await connection.query(
        """
        INSERT INTO agent_scale_bindings (agent_code, from_month, scale_id, bound_by, bound_at)
        VALUES (\(agent.code), \(request.fromMonth), \(request.scaleID), \(caller.userID), \(self.now))
        ON CONFLICT (agent_code, from_month) DO UPDATE SET scale_id = EXCLUDED.scale_id, bound_by = EXCLUDED.bound_by, bound_at = EXCLUDED.bound_at
        """, logger: self.logger)
      return try await self.scaleHistory(of: agent, on: connection)
    }
  }

  func agentScaleHistory(_ request: AgentScaleHistoryRequest) async throws -> AgentScaleHistory {
    try await self.database.withConnection { connection in
      try await self.scaleHistory(of: try await self.agent(request.agentCode, on: connection), on: connection)
    }
  }

  func agent(_ code: String, on connection: PostgresConnection) async throws -> Agent {
    let rows = try await connection.query("SELECT code, name FROM agents WHERE code = \(code)", logger: self.logger)
      .decode((String, String).self).collect()
    guard let (code, name) = rows.first else { throw BillingError.agentNotFound }
    return Agent(code: code, name: name)
  }

  func scaleHistory(of agent: Agent, on connection: PostgresConnection) async throws -> AgentScaleHistory {
    let rows = try await connection.query(
      """
      SELECT from_month, scale_id, bound_by, bound_at FROM agent_scale_bindings WHERE agent_code = \(agent.code) ORDER BY from_month
      """, logger: self.logger
    ).decode((CalendarDate, Int64, String, UTCTimestamp).self).collect()
    let scales = try await self.scales(rows.map(\.1), on: connection)
    var bindings: [ScaleBinding] = []
    for (index, row) in rows.enumerated() {
      guard let scale = scales[row.1] else { continue }
      // Each binding lasts until the month before the next one.
      let next = index + 1 < rows.count ? rows[index + 1].0 : nil
      let until = next.map { CalendarDate(daysSinceEpoch: $0.daysSinceEpoch - 1).firstOfMonth }
      bindings.append(ScaleBinding(fromMonth: row.0, toMonth: until, scale: scale, boundBy: row.2, boundAt: row.3))
    }
    return AgentScaleHistory(agent: agent, bindings: bindings)
  }

  /// Scales by id, bands in order.
  func scales(_ ids: [Int64], on connection: PostgresConnection) async throws -> [Int64: CommissionScale] {
    let heads = try await connection.query(
      """
      SELECT id, description, algorithm, commission_type, currency FROM commission_scales WHERE id = ANY(\(ids))
      """, logger: self.logger
    ).decode((Int64, String, String, String, String).self).collect()
    let bands = try await connection.query(
      """
      SELECT scale_id, from_minor, percent_units, percent_scale FROM commission_bands WHERE scale_id = ANY(\(ids)) ORDER BY scale_id, from_minor
      """, logger: self.logger
    ).decode((Int64, Int64, Int64, Int16).self).collect()
    var scales: [Int64: CommissionScale] = [:]
    for (id, description, algorithm, type, currency) in heads {
      scales[id] = CommissionScale(
        id: id, description: description, algorithm: algorithm, commissionType: type, currency: currency,
        bands: bands.filter { $0.0 == id }.map {
          CommissionBand(
            from: Money.decimal($0.1, currency: currency), percent: ExactDecimal(units: $0.2, scale: UInt8($0.3)))
        })
    }
    return scales
  }
}
