import Prometheus
import Storage

/// The database pool gauges on /metrics, refreshed from the pool's live counts at each scrape.
enum PoolGauges {
  static func gauge(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
    MetricNameDescriptor(namespace: "abonent", subsystem: "db_pool", metricName: name, unitName: unit, helpText: help)
  }

  static var leased: MetricNameDescriptor {
    gauge("connections", "leased", "Database connections currently leased by calls and jobs")
  }
  static var waiting: MetricNameDescriptor { gauge("waiting", "", "Calls and jobs waiting for a database connection") }
  static var maximum: MetricNameDescriptor {
    gauge("connections", "max", "The pool's connection limit (abonent.db.maxConnections)")
  }
  static var timeouts: MetricNameDescriptor {
    gauge("lease", "timeouts", "Leases that gave up waiting since start (answered UNAVAILABLE)")
  }
  static var refused: MetricNameDescriptor {
    gauge(
      "lease", "refused",
      "Leases refused at once since start because the database was unreachable (answered UNAVAILABLE)")
  }
  static var reachable: MetricNameDescriptor {
    gauge(
      "database", "reachable", "1 while calls are let through to the database, 0 while it is known to be unreachable")
  }

  static func update(_ registry: PrometheusCollectorRegistry, from database: Database) {
    let statistics = database.statistics
    registry.makeGauge(descriptor: Self.leased).set(Double(statistics.leased))
    registry.makeGauge(descriptor: Self.waiting).set(Double(statistics.waiting))
    registry.makeGauge(descriptor: Self.maximum).set(Double(statistics.maximum))
    registry.makeGauge(descriptor: Self.timeouts).set(Double(statistics.timedOut))
    registry.makeGauge(descriptor: Self.refused).set(Double(statistics.refused))
    registry.makeGauge(descriptor: Self.reachable).set(database.isAcceptingLeases ? 1.0 : 0.0)
  }
}
