import type { CapacityResult } from './bench-report';
import { formatUnits } from './format';
import { round } from './stats';

const LEFT = 290;
const WIDTH = 420;
const ROW_HEIGHT = 34;
const COLORS = ['#4e79a7', '#f28e2b'];

/** Capacity units per operation at the smallest and largest tenant, as horizontal bars (SVG). */
export function capacityChart(capacity: CapacityResult): string {
  const sizes = [capacity.sizes[0], capacity.sizes.at(-1)] as number[];
  const operations = (capacity.rows[String(sizes[0])] ?? []).map((r) => r.operation);
  const value = (size: number, op: string) => {
    const row = capacity.rows[String(size)]?.find((r) => r.operation === op);
    return row === undefined ? 0 : row.readUnits + row.writeUnits;
  };
  const max = Math.max(1, ...operations.flatMap((op) => sizes.map((s) => value(s, op))));
  const height = 60 + operations.length * ROW_HEIGHT;
  const bars = operations
    .map((op, i) => {
      const y = 40 + i * ROW_HEIGHT;
      const label = `<text x="${LEFT - 8}" y="${y + 15}" text-anchor="end" font-size="12">${op.replace(/&/g, '&amp;')}</text>`;
      const rects = sizes
        .map((size, j) => {
          const v = value(size, op);
          const w = Math.max(1, (v / max) * WIDTH);
          const by = y + j * 13;
          return `<rect x="${LEFT}" y="${by}" width="${round(w, 1)}" height="11" fill="${COLORS[j]}"/><text x="${LEFT + w + 4}" y="${by + 10}" font-size="10">${formatUnits(v)}</text>`;
        })
        .join('');
      return label + rects;
    })
    .join('\n');
  const legend = sizes
    .map(
      (size, j) =>
        `<rect x="${LEFT + j * 190}" y="12" width="12" height="12" fill="${COLORS[j]}"/><text x="${LEFT + 18 + j * 190}" y="22" font-size="12">${size.toLocaleString('en')} users</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${LEFT + WIDTH + 80}" height="${height}" font-family="sans-serif">
<title>DynamoDB capacity units per SCIM operation (read + write, modelled billing) at two tenant sizes</title>
<rect width="100%" height="100%" fill="white"/>
${legend}
${bars}
</svg>
`;
}
