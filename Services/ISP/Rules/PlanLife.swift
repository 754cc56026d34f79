/// A plan's life as the manual's buttons move it, and the guards on each move.
public struct PlanLife: Sendable {
  public enum State: String, Sendable, CaseIterable {
    case active
    case suspended
    case temporarilySuspended = "temporarily_suspended"
    case cancelled
  }

  public enum Action: Sendable, Equatable {
    case suspend(temporary: Bool)
    case reactivate
    case cancel
    /// «Apagar Plano».
    case delete
    /// «Mudar Plano» and «Trocar Dono»: only a plan in use moves.
    case change
  }

  /// What a plan holds that the guards look at.
  public struct Items: Sendable {
    public var equipment: Int
    public var logins: Int
    public var mailboxes: Int

    public init(equipment: Int, logins: Int, mailboxes: Int) {
      self.equipment = equipment
      self.logins = logins
      self.mailboxes = mailboxes
    }
  }

  public enum Refusal: Error, Sendable, Equatable, CaseIterable {
    case notActive
    case notSuspended
    case cancelled
    /// «Permite Usar o Status Suspensão Temporária» is off.
    case temporarySuspensionNotAllowed
    /// «Não Cancelar Planos com Equipamento» is on and equipment is linked.
    case equipmentLinked
    /// «Para o Plano Ativo com vínculo de registros como: E-mail ou Login, o botão Apagar mostra como bloqueado».
    case loginOrMailboxLinked
  }

  /// «Permite Usar o Status Suspensão Temporária».
  public var allowTemporarySuspension: Bool
  /// «Não Cancelar Planos com Equipamento».
  public var noCancelWithEquipment: Bool

  public init(allowTemporarySuspension: Bool, noCancelWithEquipment: Bool) {
    self.allowTemporarySuspension = allowTemporarySuspension
    self.noCancelWithEquipment = noCancelWithEquipment
  }

  /// The state `action` leaves a plan in (nil: deleted), or why it is refused.
  public func apply(_ action: Action, to state: State, items: Items) -> Result<State?, Refusal> {
    switch action {
    case .suspend(let temporary):
      guard state == .active else { return .failure(state == .cancelled ? .cancelled : .notActive) }
      guard !temporary || self.allowTemporarySuspension else { return .failure(.temporarySuspensionNotAllowed) }
      return .success(temporary ? .temporarilySuspended : .suspended)
    case .reactivate:
      guard state == .suspended || state == .temporarilySuspended else {
        return .failure(state == .cancelled ? .cancelled : .notSuspended)
      }
      return .success(.active)
    case .cancel:
      guard state != .cancelled else { return .failure(.cancelled) }
      guard !self.noCancelWithEquipment || items.equipment == 0 else { return .failure(.equipmentLinked) }
      return .success(.cancelled)
    case .delete:
      guard items.logins == 0, items.mailboxes == 0 else { return .failure(.loginOrMailboxLinked) }
      return .success(nil)
    case .change:
      guard state != .cancelled else { return .failure(.cancelled) }
      return .success(state)
    }
  }
}
