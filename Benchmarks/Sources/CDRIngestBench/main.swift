import Foundation
import GRPCCore
import RPC
import TelecomAPI
import WireCodec

// CDR ingest through a running Telecom (scripts/bench-cdr-ingest.sh starts it, and times
// psql's COPY of the same rows afterwards): loads 100,000 prefixes, then streams rounds of a
// million calls through IngestCalls and prints each round's rate as a JSON line. With
// `BENCH_LOAD` set it is scripts/bench-authorize.sh's paced client instead (PacedLoad.swift).

func setting(_ name: String, _ fallback: Int) -> Int {
  ProcessInfo.processInfo.environment[name].flatMap(Int.init) ?? fallback
}

func run() async throws {
  let port = setting("BENCH_CDR_PORT", 7403)
  if let kind = ProcessInfo.processInfo.environment["BENCH_LOAD"] {
    guard let folder = ProcessInfo.processInfo.environment["BENCH_CDR_AUTHORIZE_DIR"] else {
      throw BenchFailure("BENCH_LOAD needs BENCH_CDR_AUTHORIZE_DIR, where a setup run wrote its files")
    }
    return try await runLoad(kind: kind, port: port, folder: folder)
  }
  let rows = setting("BENCH_CDR_ROWS", 1_000_000)
  let rounds = setting("BENCH_CDR_ROUNDS", 1)
  let warmups = setting("BENCH_CDR_WARMUP_ROUNDS", 0)
  let prefixCount = setting("BENCH_CDR_PREFIXES", 100_000)
  let batchSize = setting("BENCH_CDR_BATCH", 10_000)
  let accounts = 1_000
  let keyFile =
    ProcessInfo.processInfo.environment["BENCH_CDR_KEY"] ?? "Shared/TestSupport/Fixtures/signing-key.json"
  var random = BenchRandom(state: 20_261_203)
  let token = try await staffToken(keyFile: keyFile)
  try await withWireClient(ClientSettings(host: "127.0.0.1", port: port, token: token)) { client in
    let started = ContinuousClock.now
    let prefixes = try await loadPrices(client, count: prefixCount, accounts: accounts, random: &random)
    print(#"{"phase":"prices","prefixes":\#(prefixes.count),"seconds":\#((ContinuousClock.now - started).seconds)}"#)
    if let folder = ProcessInfo.processInfo.environment["BENCH_CDR_AUTHORIZE_DIR"] {
      try await writeAuthorizeFiles(client, prefixes: prefixes, keyFile: keyFile, folder: folder)
    }
    // Warm-up rounds (not counted) bring the database to the state it runs in for good — shared
    // buffers full, so backends write out dirty pages, autovacuum and checkpoints at work — with
    // calls of 90–110 days ago, which fill other months' partitions than the rounds measured.
    for round in 0..<warmups {
      let batches = makeBatches(
        round: round, rows: rows, batchSize: batchSize, prefixes: prefixes, accounts: accounts, random: &random,
        idPrefix: "w", daysBack: 90)
      let (reply, seconds) = try await ingest(batches, through: client)
      print(#"{"phase":"warmup","round":\#(round + 1),"stored":\#(reply.stored),"seconds":\#(seconds)}"#)
      fflush(nil)
    }
    for round in 0..<rounds {
      // Made before the clock starts: the run times Telecom, not the generator.
      let batches = makeBatches(
        round: round, rows: rows, batchSize: batchSize, prefixes: prefixes, accounts: accounts, random: &random)
      let (reply, seconds) = try await ingest(batches, through: client)
      guard reply.stored == UInt64(rows) else {
        throw BenchFailure("round \(round) stored \(reply.stored) of \(rows)")
      }
      print(
        #"{"phase":"ingest","round":\#(round + 1),"rows":\#(rows),"stored":\#(reply.stored),"#
          + #""charged":\#(reply.charged),"unrated":\#(reply.unrated),"seconds":\#(seconds),"#
          + #""ratingMicrosecondsPerCall":\#(Double(reply.ratingMicroseconds) / Double(rows)),"#
          + #""rowsPerSecond":\#(Int(Double(rows) / seconds))}"#)
      fflush(nil)
    }
  }
}

/// Streams `batches` through one IngestCalls call: its reply and its seconds.
func ingest(_ batches: [CallRecordBatch], through client: WireClient) async throws -> (IngestCallsReply, Double) {
  let start = ContinuousClock.now
  let reply = try await client.upload(TelecomContract.ingestCalls, timeout: .seconds(3_600)) { writer in
    try await writer.write(contentsOf: batches)
  }
  return (reply, (ContinuousClock.now - start).seconds)
}

extension Duration {
  var seconds: Double { Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18 }
}

try await run()
