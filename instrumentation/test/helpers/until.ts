// Waits for a condition, polling; gives up with an Error naming it after `deadlineMs`, so a
// behaviour that never happens fails its test instead of hanging it. A wait, not a time
// limit on the behaviour: the deadline is far beyond what the condition needs.
export async function until(what: string, condition: () => boolean, deadlineMs = 20_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still waiting after ${deadlineMs} ms for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
