// The load-driving client: a steady mix of every call type against the shop, through a
// client that is itself instrumented. It records what it saw per method and code.
import * as grpc from '@grpc/grpc-js';
import type { Random } from './random.js';
import type { RecentLatencies } from './recent-latencies.js';
import { GET_PRODUCT_DEADLINE_MS } from './shop-service.js';
import type { CallTally } from './tally.js';

type ShopClient = grpc.Client & Record<string, (...args: unknown[]) => unknown>;

export interface LoadOptions {
  client: ShopClient;
  random: Random;
  tally: CallTally;
  /** Calls started per second. */
  rate: number;
  /** Stop after this many calls (the demo's own calls from PlaceOrder not included); unlimited if absent. */
  calls?: number;
  /** Each call's duration, start to status, goes here. */
  latencies?: RecentLatencies;
}

export interface LoadDriver {
  /** Resolves when `calls` calls have been made and all have ended (never, without `calls`, until stop). */
  readonly done: Promise<void>;
  /** Stops starting calls and waits for the ones in flight. */
  stop(): Promise<void>;
}

const STREAM_DEADLINE_MS = 5_000;

export function startLoad(options: LoadOptions): LoadDriver {
  const { client, random, tally } = options;
  const inFlight = new Set<Promise<void>>();
  let started = 0;
  let stopped = false;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  const deadline = (ms: number) => ({ deadline: Date.now() + ms });
  const settle = (method: string, resolve: () => void) => (err: grpc.ServiceError | null) => {
    tally.record(method, err ? err.code : grpc.status.OK);
    resolve();
  };

  const calls: [number, () => Promise<void>][] = [
    [
      45,
      () =>
        new Promise((resolve) => {
          // Mostly existing products; some unknown (NotFound), a few invalid, product 13 throws.
          const roll = random.next();
          const id = roll < 0.05 ? 95 + random.int(20) : roll < 0.07 ? 0 : roll < 0.09 ? 13 : 1 + random.int(90);
          client.GetProduct?.({ id }, deadline(GET_PRODUCT_DEADLINE_MS), settle('GetProduct', resolve));
        }),
    ],
    [
      15,
      () =>
        new Promise((resolve) => {
          const productIds = Array.from({ length: 1 + random.int(3) }, () =>
            random.next() < 0.05 ? 13 : random.next() < 0.05 ? 99 : 1 + random.int(90),
          );
          client.PlaceOrder?.({ productIds }, deadline(STREAM_DEADLINE_MS), settle('PlaceOrder', resolve));
        }),
    ],
    [
      15,
      () =>
        new Promise((resolve) => {
          // A few callers give up after the first product: the server sees the cancellation.
          const cancel = random.next() < 0.05;
          const stream = client.ListProducts?.(
            { limit: cancel ? 1000 : 5 + random.int(20) },
            deadline(STREAM_DEADLINE_MS),
          ) as grpc.ClientReadableStream<unknown>;
          stream.on('data', () => {
            if (cancel) stream.cancel();
          });
          stream.on('error', () => {});
          stream.on('status', (s: grpc.StatusObject) => {
            tally.record('ListProducts', s.code);
            resolve();
          });
        }),
    ],
    [
      12,
      () =>
        new Promise((resolve) => {
          const stream = client.RecordSales?.(
            deadline(STREAM_DEADLINE_MS),
            settle('RecordSales', resolve),
          ) as grpc.ClientWritableStream<unknown>;
          const n = 1 + random.int(8);
          for (let i = 0; i < n; i++) {
            stream.write({ productId: 1 + random.int(90), quantity: random.next() < 0.04 ? 0 : 1 + random.int(3) });
          }
          stream.end();
        }),
    ],
    [
      13,
      () =>
        new Promise((resolve) => {
          const stream = client.TrackOrders?.(deadline(STREAM_DEADLINE_MS)) as grpc.ClientDuplexStream<
            unknown,
            unknown
          >;
          stream.on('data', () => {});
          stream.on('error', () => {});
          stream.on('status', (s: grpc.StatusObject) => {
            tally.record('TrackOrders', s.code);
            resolve();
          });
          const n = 1 + random.int(4);
          for (let i = 0; i < n; i++) stream.write({ orderId: random.next() < 0.03 ? 'lost' : `o-${random.int(1e6)}` });
          stream.end();
        }),
    ],
  ];
  const totalWeight = calls.reduce((sum, [w]) => sum + w, 0);

  function pick(): () => Promise<void> {
    let roll = random.next() * totalWeight;
    for (const [weight, call] of calls) {
      roll -= weight;
      if (roll < 0) return call;
    }
    return (calls[0] as [number, () => Promise<void>])[1];
  }

  const finishIfDone = () => {
    if (options.calls !== undefined && started >= options.calls && inFlight.size === 0) resolveDone();
  };

  const timer = setInterval(
    () => {
      if (stopped || (options.calls !== undefined && started >= options.calls)) return;
      started++;
      const startedAt = performance.now();
      const p = pick()().finally(() => {
        options.latencies?.add(performance.now() - startedAt);
        inFlight.delete(p);
        finishIfDone();
      });
      inFlight.add(p);
    },
    Math.max(1, Math.round(1000 / options.rate)),
  );

  return {
    done,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.all([...inFlight]);
      resolveDone();
    },
  };
}
