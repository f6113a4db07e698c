import type { OperationClassResult } from './bench-report';
import { round } from './stats';

const LEFT = 250;
const WIDTH = 440;
const BAR = 11;
const COLORS = ['#4e79a7', '#f28e2b', '#59a14f'];

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** CPU µs per request of each operation class, one bar per server, with its min–max as a line (SVG). */
export function operationClassChart(result: OperationClassResult): string {
  const shorts = result.servers.map((s) => s.short);
  const rowHeight = shorts.length * (BAR + 2) + 10;
  const max = Math.max(
    1,
    ...result.rows.flatMap((r) => Object.values(r.servers).map((c) => c.cpuMicros.max)),
  );
  const x = (micros: number) => LEFT + (Math.max(0, micros) / max) * WIDTH;
  const bars = result.rows
    .map((row, i) => {
      const y = 40 + i * rowHeight;
      const label = `<text x="${LEFT - 8}" y="${y + rowHeight / 2}" text-anchor="end" font-size="12">${escapeXml(row.operation)}</text>`;
      const rects = shorts
        .map((short, j) => {
          const c = row.servers[short];
          if (c === undefined) return '';
          const by = y + j * (BAR + 2);
          const { median, min, max: top } = c.cpuMicros;
          return (
            `<rect x="${LEFT}" y="${by}" width="${round(Math.max(1, x(median) - LEFT), 1)}" height="${BAR}" fill="${COLORS[j % COLORS.length]}"/>` +
            `<line x1="${round(x(min), 1)}" x2="${round(x(top), 1)}" y1="${by + BAR / 2}" y2="${by + BAR / 2}" stroke="black"/>` +
            `<text x="${round(x(top), 1) + 4}" y="${by + BAR - 1}" font-size="10">${median}</text>`
          );
        })
        .join('');
      return label + rects;
    })
    .join('\n');
  const legend = shorts
    .map(
      (short, j) =>
        `<rect x="${LEFT + j * 150}" y="12" width="12" height="12" fill="${COLORS[j % COLORS.length]}"/><text x="${LEFT + 18 + j * 150}" y="22" font-size="12">${escapeXml(short)}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${LEFT + WIDTH + 80}" height="${60 + result.rows.length * rowHeight}" font-family="sans-serif">
<title>Server CPU µs per request of each operation class (median of ${result.rounds} rounds, line: min–max)</title>
<rect width="100%" height="100%" fill="white"/>
${legend}
${bars}
</svg>
`;
}
