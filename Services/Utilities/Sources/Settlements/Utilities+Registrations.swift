import IdentityAPI
import PostgresNIO
import RPC
import Storage
import WireCodec

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension Utilities {
  /// identity.company.confirmed: the company's organization and the registration form's
  /// «Получать счёт-извещение на email», kept and applied to its contract (now, or when the
  /// contract is opened here later). A notice set since through SetInvoiceNotice stays as set.
  func companyConfirmed(_ event: CompanyConfirmedEvent, on connection: PostgresConnection) async throws {
    guard let organization = UUID(uuidString: event.organizationID), !event.contractNumber.isEmpty else {
      self.logger.warning("\(IdentityEvents.companyConfirmed.name) without an organization or contract; ignored")
      return
    }
    try await connection.query(
      """
      INSERT INTO confirmed_companies (contract_number, organization_id, email, invoices_by_email, confirmed_at)
      VALUES (\(event.contractNumber), \(organization), \(event.email), \(event.invoicesByEmail), \(self.now))
      ON CONFLICT (contract_number) DO UPDATE SET organization_id = EXCLUDED.organization_id, email = EXCLUDED.email,
        invoices_by_email = EXCLUDED.invoices_by_email, confirmed_at = EXCLUDED.confirmed_at
      """, logger: self.logger)
    try await self.applyConfirmation(contract: event.contractNumber, on: connection)
  }

  /// Gives the contract `number` what its company's confirmation said: the organization its
  /// users act for, and the notice by e-mail when ticked and never changed since.
  func applyConfirmation(contract number: String, on connection: PostgresConnection) async throws {
    try await connection.query(
      """
      UPDATE utility_contracts c SET organization_id = r.organization_id,
        notice_enabled = CASE WHEN c.notice_changed_at IS NULL THEN r.invoices_by_email ELSE c.notice_enabled END,
        notice_email = CASE WHEN c.notice_changed_at IS NULL AND r.invoices_by_email THEN r.email ELSE c.notice_email END,
        notice_changed_by = CASE WHEN c.notice_changed_at IS NULL THEN 'registration' ELSE c.notice_changed_by END,
        notice_changed_at = CASE WHEN c.notice_changed_at IS NULL THEN r.confirmed_at ELSE c.notice_changed_at END
      FROM confirmed_companies r WHERE r.contract_number = c.number AND c.number = \(number)
      """, logger: self.logger)
  }
}
