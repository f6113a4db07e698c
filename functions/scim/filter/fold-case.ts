/**
 * The one rule for comparing case-insensitive strings (`caseExact: false`, RFC 7643 §2.3.1), used by
 * filters and by the uniqueness of `userName` and Group `displayName`: Unicode NFC normalisation, then
 * locale-independent lower-casing. So "JOSÉ" (composed or decomposed) and "josé" are the same name.
 * Lower-casing writes a word-final capital sigma as "ς" and any other as "σ"; Unicode case folding makes
 * both "σ", so "ΟΔΥΣΣΕΥΣ", "Οδυσσευς" and "οδυσσευσ" are one name too.
 */
export function foldCase(text: string): string {
  return text.normalize('NFC').toLowerCase().replaceAll('ς', 'σ');
}
