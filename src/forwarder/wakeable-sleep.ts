// The pause between rounds of a forwarder loop (the Elasticsearch poller, each sink's
// dispatcher, the shared state's settle loop), which something else can end early: new work
// has arrived (wake) or the loop is stopping and must not sit out its interval.

export interface WakeableSleep {
  /** Resolves after `ms`, or at the next wake(), whichever comes first. */
  sleep(ms: number): Promise<void>;
  /** Ends the sleep under way now; with nobody asleep it does nothing (the loop is busy and looks again anyway). */
  wake(): void;
}

export interface WakeableSleepOptions {
  /** The timer does not keep the process alive (a loop beside a server that does). */
  unref?: boolean;
}

export function wakeableSleep(options: WakeableSleepOptions = {}): WakeableSleep {
  let wakeUp: (() => void) | undefined;
  return {
    sleep(ms) {
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wakeUp = undefined;
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        if (options.unref) timer.unref();
        wakeUp = done;
      });
    },
    wake() {
      wakeUp?.();
    },
  };
}
