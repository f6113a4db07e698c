import { round } from './stats';

/** A Markdown table. */
export function markdownTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]) {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** Capacity units, to one decimal. */
export const formatUnits = (n: number) => String(round(n, 1));

/** A size in KB, to one decimal. */
export const formatKb = (bytes: number) => `${round(bytes / 1024, 1)} KB`;

/** Dollars, to the cent. */
export const formatDollars = (n: number) => `$${n.toFixed(2)}`;
