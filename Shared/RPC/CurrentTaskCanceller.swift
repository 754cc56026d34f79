import Synchronization

/// Cancels one task from another thread, but only until it is disarmed.
///
/// `UnsafeCurrentTask` is valid only while its task runs the scope that obtained it. gRPC may
/// call a cancellation handler after the handler was removed (it runs handlers outside its
/// lock), so the reference lives behind a lock and is dropped by ``disarm()`` before that scope
/// ends: a late `cancel()` then does nothing instead of touching a finished task.
final class CurrentTaskCanceller: Sendable {
  /// Unchecked: the reference crosses threads, but is only used under the lock while armed,
  /// that is while its task is still inside the scope that made this canceller.
  private struct Reference: @unchecked Sendable {
    let task: UnsafeCurrentTask
  }

  private let reference: Mutex<Reference?>

  init(_ task: UnsafeCurrentTask) {
    self.reference = Mutex(Reference(task: task))
  }

  func cancel() {
    self.reference.withLock { $0?.task.cancel() }
  }

  /// Called by the task itself when the cancellable scope ends.
  func disarm() {
    self.reference.withLock { $0 = nil }
  }
}
