import { vi } from 'vitest';

export interface CapturedOutput {
  /** Every line written so far, in order, without its newline. */
  lines(): string[];
  /** The lines that are JSON objects, parsed: the logger's lines and the EMF lines. */
  // biome-ignore lint/suspicious/noExplicitAny: log lines are inspected freely in assertions
  json(): any[];
  restore(): void;
}

/**
 * Everything the process writes, kept instead of printed until restore(): process.stdout and process.stderr,
 * where Powertools' Logger and Metrics write through a Console of their own (not the global `console`), and
 * the global console too, so that a line written any other way is caught as well. Mocks, named here:
 * `process.stdout.write`, `process.stderr.write` and `console.log/info/warn/error`.
 */
export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const keep = (chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(keep),
    vi.spyOn(process.stderr, 'write').mockImplementation(keep),
    ...(['log', 'info', 'warn', 'error'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        keep(`${args.map(String).join(' ')}\n`);
      }),
    ),
  ];
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '');
  return {
    lines,
    json: () =>
      lines().flatMap((line) => {
        try {
          const parsed: unknown = JSON.parse(line);
          return typeof parsed === 'object' && parsed !== null ? [parsed] : [];
        } catch {
          return [];
        }
      }),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
