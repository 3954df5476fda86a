// Ctrl-C and SIGTERM for the whole life of the demo, from its first step: a signal during
// start-up (Elasticsearch takes a while) must still stop what was started, which Node's
// default handling (exit at once, no 'exit' hooks) would leave running. A second signal
// exits at once.

export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

export interface Interruption {
  /** Resolves at the first SIGINT or SIGTERM. */
  readonly signalled: Promise<void>;
  /** `step`'s result, or throws Interrupted when a signal comes first (`step` goes on; its owner cleans up). */
  race<T>(step: Promise<T>): Promise<T>;
  dispose(): void;
}

export function listenForInterruption(): Interruption {
  let fire: () => void = () => {};
  let fired = false;
  const signalled = new Promise<void>((resolve) => {
    fire = () => {
      // A second Ctrl-C while stopping means "now": exit, and 'exit' hooks kill what is left.
      if (fired) process.exit(130);
      fired = true;
      resolve();
    };
  });
  const signals = ['SIGINT', 'SIGTERM'] as const;
  for (const s of signals) process.on(s, fire);
  return {
    signalled,
    async race<T>(step: Promise<T>): Promise<T> {
      if (fired) throw new Interrupted();
      return Promise.race([step, signalled.then(() => Promise.reject(new Interrupted()))]);
    },
    dispose() {
      for (const s of signals) process.off(s, fire);
    },
  };
}
