/**
 * Progress for a benchmark that takes minutes: one line per step on a pipe (CI), a line rewritten in place on
 * a terminal.
 */
export interface Progress {
  /** Starts a step: `total` is the number of units it will report, if known. */
  step(name: string, total?: number): void;
  /** Reports `done` units of the current step. */
  tick(done: number): void;
  /** Ends the current step with a result summary. */
  done(summary: string): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const interactive = stream.isTTY === true;
  let name = '';
  let total: number | undefined;
  let started = 0;
  let lastPrinted = 0;
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  return {
    step(stepName, stepTotal) {
      name = stepName;
      total = stepTotal;
      started = performance.now();
      lastPrinted = 0;
      stream.write(interactive ? `  ${name}…` : `  ${name}…\n`);
    },
    tick(done) {
      const now = performance.now();
      if (now - lastPrinted < (interactive ? 200 : 10_000)) return;
      lastPrinted = now;
      const share =
        total === undefined ? `${done}` : `${done}/${total} (${Math.round((100 * done) / total)}%)`;
      const line = `  ${name}: ${share}, ${elapsed()}`;
      stream.write(interactive ? `\r\x1b[2K${line}` : `${line}\n`);
    },
    done(summary) {
      const line = `  ✓ ${name}: ${summary} (${elapsed()})`;
      stream.write(interactive ? `\r\x1b[2K${line}\n` : `${line}\n`);
    },
  };
}
