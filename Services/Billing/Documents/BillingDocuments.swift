/// Billing's documents: invoice and correction PDFs, XLSX exports. Pure rendering, no I/O
/// beyond reading the font file.
public enum BillingDocuments {}
