import GRPCCore
import RPC
import Runtime
import Synchronization
import WireCodec

// A small service that exercises every path of the RPC runtime: auth rules, domain and
// unexpected errors, deadlines and large bodies. It runs through the same AbonentServer
// code as the real executables.

@WireMessage("Who the token says the caller is")
struct WhoamiReply: Hashable {
  @Field(1) var userID: String
  @Field(2) var organizationID: String?
  @Field(3) var permissions: [String]
}

@WireMessage("How long to sleep")
struct SleepRequest: Hashable {
  @Field(1) var millis: Int64
}

@WireMessage("Arbitrary payload")
struct Blob: Hashable {
  @Field(1) var data: String
}

/// A deliberate domain failure.
struct ProbeError: ServiceError {
  var code: RPCError.Code = .notFound
  var reason = "PROBE_NOT_FOUND"
  var message = "There is no such probe."
}

/// An unexpected failure whose text must never reach the caller.
struct LeakyDatabaseError: Error, CustomStringConvertible {
  var description: String { "ERROR: relation \"secrets\" does not exist; SELECT password FROM secrets" }
}

/// Counts handler cancellations, so deadline tests can see the server side stop.
final class ProbeState: Sendable {
  let startedSleeps = Atomic<Int>(0)
  let cancelledSleeps = Atomic<Int>(0)
}

enum ProbeContract {
  static let service = "abonent.test.Probe"
  static let whoami = UnaryMethod<DescribeRequest, WhoamiReply>(
    service: service, name: "Whoami", access: .authenticated, doc: "Echoes the caller")
  static let secretsRead = Permission("probe", "secrets", "read", doc: "Read the probe's secrets")
  static let readSecret = UnaryMethod<Blob, Blob>(
    service: service, name: "ReadSecret", access: .permission(secretsRead), doc: "Needs a permission")
  static let sleep = UnaryMethod<SleepRequest, Blob>(
    service: service, name: "Sleep", access: .public, doc: "Sleeps, honouring cancellation")
  static let echo = UnaryMethod<Blob, Blob>(service: service, name: "Echo", access: .public, doc: "Echoes the payload")
  static let failDomain = UnaryMethod<Blob, Blob>(
    service: service, name: "FailDomain", access: .public, doc: "Throws a domain error")
  static let failUnexpected = UnaryMethod<Blob, Blob>(
    service: service, name: "FailUnexpected", access: .public, doc: "Throws an unexpected error")

  static let contract = ServiceContract(
    name: service, doc: "Test probe",
    methods: [whoami, readSecret, sleep, echo, failDomain, failUnexpected]
  )
}

struct ProbeService: RegistrableRPCService {
  let state: ProbeState

  func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
    router.register(ProbeContract.whoami) { _, _ in
      let caller = try Caller.authenticated()
      return WhoamiReply(
        userID: caller.userID, organizationID: caller.organizationID, permissions: caller.permissions.sorted())
    }
    router.register(ProbeContract.readSecret) { request, _ in Blob(data: "secret for \(request.data)") }
    router.register(ProbeContract.sleep) { [state] request, _ in
      state.startedSleeps.add(1, ordering: .relaxed)
      do {
        try await Task.sleep(for: .milliseconds(request.millis))
      } catch {
        state.cancelledSleeps.add(1, ordering: .relaxed)
        throw error
      }
      return Blob(data: "slept")
    }
    router.register(ProbeContract.echo) { request, _ in request }
    router.register(ProbeContract.failDomain) { _, _ in throw ProbeError() }
    router.register(ProbeContract.failUnexpected) { _, _ in throw LeakyDatabaseError() }
  }
}

extension ServiceDefinition {
  static func probe(state: ProbeState = ProbeState()) -> ServiceDefinition {
    ServiceDefinition(name: "probe", defaultPort: 0, contracts: [ProbeContract.contract], migrations: nil) { _ in
      [ProbeService(state: state)]
    }
  }
}
