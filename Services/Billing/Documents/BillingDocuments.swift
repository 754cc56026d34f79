/// Billing's documents: invoice, act and correction PDFs. Pure rendering, no I/O beyond reading
/// the font file. XLSX exports are written with the shared Spreadsheets module.
public enum BillingDocuments {}
