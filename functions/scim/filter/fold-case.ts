import { workMeter } from '../work-meter';

/**
 * Non-starters beyond this many in a row get a COMBINING GRAPHEME JOINER: Unicode's Stream-Safe Text Format
 * (UAX #15 §13, https://unicode.org/reports/tr15/#Stream_Safe_Text_Format), which exists because canonical
 * reordering sorts each run of combining marks. Node's `normalize` (ICU) sorts by insertion: 16,384 marks
 * in one run took 262 ms, 100,000 took 19 s (quadratic), and a filter or PATCH compares such a value again
 * and again. No text of any script needs more than 30 marks on one character (UAX #15 §13 again).
 */
const MAX_NON_STARTERS = 30;
const LONG_RUN = new RegExp(`\\p{M}{${MAX_NON_STARTERS + 1}}`, 'u');
const RUN = new RegExp(`\\p{M}{${MAX_NON_STARTERS}}(?=\\p{M})`, 'gu');
const CGJ = '\u034F';

/**
 * The one rule for comparing case-insensitive strings (`caseExact: false`, RFC 7643 §2.3.1), used by
 * filters and by the uniqueness of `userName` and Group `displayName`: Unicode NFC normalisation, then
 * locale-independent lower-casing. So "JOSÉ" (composed or decomposed) and "josé" are the same name.
 * Lower-casing writes a word-final capital sigma as "ς" and any other as "σ"; Unicode case folding makes
 * both "σ", so "ΟΔΥΣΣΕΥΣ", "Οδυσσευς" and "οδυσσευσ" are one name too.
 * Every character with a non-zero combining class is a mark (\p{M}), so runs of marks bound the runs of
 * non-starters: after `streamSafe`, normalising costs linear time.
 */
export function foldCase(text: string): string {
  workMeter.count(text.length);
  return streamSafe(text).normalize('NFC').toLowerCase().replaceAll('ς', 'σ');
}

/** `text` with a CGJ after every 30 marks in a row (each regex attempt reads at most 31 characters). */
function streamSafe(text: string): string {
  // A run of 31 needs 31 characters: most names are shorter, and skip the search.
  if (text.length <= MAX_NON_STARTERS || !LONG_RUN.test(text)) return text;
  return text.replace(RUN, `$&${CGJ}`);
}
