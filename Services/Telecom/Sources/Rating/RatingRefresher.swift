import Runtime
import ServiceLifecycle

/// Keeps this replica's rating book current: reads it before the first call is served
/// (``Telecom/refreshRating()`` from the service's preparation) and then checks the database's
/// generation every `ratingRefreshInterval`, so a price list or lock changed through another
/// replica applies here within that interval.
struct RatingRefresher: Service {
  let telecom: Telecom

  func run() async throws {
    await repeatRounds(
      pause: self.telecom.settings.ratingRefreshInterval, maxPause: self.telecom.settings.retryMaxPause,
      logger: self.telecom.logger, what: "refreshing rating tables"
    ) {
      // Until the service's preparation has read the first book (after the migrations),
      // there is nothing to refresh and possibly no table yet to read.
      if self.telecom.rating.book.generation >= 0 { await self.telecom.refreshRating() }
      return false
    }
  }
}
