import Prometheus
import Storage

/// The database pool gauges on /metrics, refreshed from the pool's live counts at each scrape.
enum PoolGauges {
  static func update(_ registry: PrometheusCollectorRegistry, from statistics: PoolStatistics) {
    registry.makeGauge(name: "abonent_db_pool_connections_leased", help: "Database connections currently leased by calls and jobs")
      .set(Double(statistics.leased))
    registry.makeGauge(name: "abonent_db_pool_waiting", help: "Calls and jobs waiting for a database connection")
      .set(Double(statistics.waiting))
    registry.makeGauge(name: "abonent_db_pool_connections_max", help: "The pool's connection limit (abonent.db.maxConnections)")
      .set(Double(statistics.maximum))
    registry.makeGauge(name: "abonent_db_pool_lease_timeouts", help: "Leases that gave up waiting since start (answered UNAVAILABLE)")
      .set(Double(statistics.timedOut))
  }
}
