/** `--follow`: runs `poll` every `everyMillis` until Ctrl-C (SIGINT), then resolves. */
export async function follow(poll: () => Promise<void>, everyMillis = 1_000): Promise<void> {
  let stopped = false;
  process.once('SIGINT', () => {
    stopped = true;
  });
  while (!stopped) {
    await new Promise((done) => setTimeout(done, everyMillis));
    await poll();
  }
}
