// The demo shop's handlers: realistic latency, and the failure modes a real service has
// (not found, bad input, a backend unavailable mid-stream, a slow call past its deadline,
// an unguarded TypeError thrown from a handler, an error logged with its stack trace).
// Slow calls sleep well past their deadline and normal ones finish well before it, so the
// caller and the server always agree on the outcome (tests compare the two).
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { PRODUCTS, type ProductRecord, priceOf } from './catalog-data.js';
import type { Random } from './random.js';
import type { CallTally } from './tally.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Generous beside the 100 ms cap of a normal call, so a loaded machine does not turn a
// normal call into a deadline race that the two sides could see differently.
export const GET_PRODUCT_DEADLINE_MS = 500;

interface ProductReply {
  id: number;
  name: string;
  priceCents: number;
}

export interface ShopDeps {
  logger: Logger;
  random: Random;
  /** The shop's own instrumented client of itself, for PlaceOrder's product look-ups. */
  client: () => grpc.Client & Record<string, (...args: unknown[]) => unknown>;
  tally: CallTally;
}

function status(code: grpc.status, details: string): Partial<grpc.StatusObject> {
  return { code, details, metadata: new grpc.Metadata() };
}

function untilPastDeadline(call: { getDeadline(): grpc.Deadline }): number {
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : Number(deadline);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) + 200 : 2_000;
}

/** The answer to everything gets a discount larger than any order: a RangeError with a real stack. */
function applyDiscount(totalCents: number, productIds: number[]): number {
  const discount = productIds.includes(42) ? totalCents + 1 : 0;
  if (discount > totalCents) throw new RangeError(`discount ${discount} exceeds order total ${totalCents}`);
  return totalCents - discount;
}

export function shopImplementation(deps: ShopDeps): grpc.UntypedServiceImplementation {
  const { logger, random, tally } = deps;

  function lookUp(id: number): Promise<ProductReply> {
    return new Promise((resolve, reject) => {
      const client = deps.client();
      client.GetProduct?.(
        { id },
        { deadline: Date.now() + GET_PRODUCT_DEADLINE_MS },
        (err: grpc.ServiceError | null, product: ProductReply) => {
          tally.record('GetProduct', err ? err.code : grpc.status.OK);
          if (err) reject(err);
          else resolve(product);
        },
      );
    });
  }

  return {
    GetProduct(call: grpc.ServerUnaryCall<{ id: number }, ProductReply>, callback: grpc.sendUnaryData<ProductReply>) {
      const { id } = call.request;
      if (id <= 0) return callback(status(grpc.status.INVALID_ARGUMENT, `product id must be positive, got ${id}`));
      const product = PRODUCTS.get(id);
      if (product === undefined) return callback(status(grpc.status.NOT_FOUND, `no product ${id}`));
      // Thrown synchronously: grpc-js answers UNKNOWN, the interceptors count it.
      const priceCents = priceOf(product);
      const slow = random.next() < 0.03;
      const delay = slow ? untilPastDeadline(call) : Math.min(random.latency(8), 100);
      setTimeout(() => callback(null, { id, name: product.name, priceCents }), delay);
    },

    PlaceOrder(call: grpc.ServerUnaryCall<{ productIds: number[] }, unknown>, callback: grpc.sendUnaryData<unknown>) {
      void (async () => {
        try {
          let total = 0;
          for (const id of call.request.productIds) total += (await lookUp(id)).priceCents;
          total = applyDiscount(total, call.request.productIds);
          await sleep(Math.min(random.latency(5), 50));
          callback(null, { orderId: `o-${Date.now().toString(36)}-${random.int(1e6)}`, totalCents: total });
        } catch (err) {
          const code = (err as grpc.ServiceError).code;
          if (code === grpc.status.NOT_FOUND || code === grpc.status.INVALID_ARGUMENT) {
            logger.info({ 'product.ids': call.request.productIds }, 'order refused: unknown product');
            return callback(status(grpc.status.FAILED_PRECONDITION, 'order names a product that does not exist'));
          }
          // Logged here with its stack trace (and the call's trace.id), then answered INTERNAL.
          logger.error({ err }, 'placing an order failed');
          callback(status(grpc.status.INTERNAL, 'placing the order failed'));
        }
      })();
    },

    ListProducts(call: grpc.ServerWritableStream<{ limit: number }, ProductReply>) {
      const limit = Math.max(1, Math.min(call.request.limit || 10, 2000));
      const failAt = random.next() < 0.05 ? random.int(limit) : -1;
      void (async () => {
        for (let i = 0; i < limit; i++) {
          if (call.cancelled) return;
          if (i === failAt) {
            call.emit('error', status(grpc.status.UNAVAILABLE, 'inventory backend unavailable'));
            return;
          }
          const product = PRODUCTS.get((i % PRODUCTS.size) + 1) as ProductRecord;
          call.write({ id: product.id, name: product.name, priceCents: product.price?.cents ?? 0 });
          await sleep(2);
        }
        if (!call.cancelled) call.end();
      })();
    },

    RecordSales(
      call: grpc.ServerReadableStream<{ productId: number; quantity: number }, unknown>,
      callback: grpc.sendUnaryData<unknown>,
    ) {
      let sales = 0;
      let total = 0;
      let invalid: string | undefined;
      call.on('data', (sale: { productId: number; quantity: number }) => {
        sales++;
        if (sale.quantity <= 0) invalid = `sale ${sales} has quantity ${sale.quantity}`;
        total += sale.quantity * (PRODUCTS.get(sale.productId)?.price?.cents ?? 0);
      });
      call.on('end', () => {
        if (invalid) callback(status(grpc.status.INVALID_ARGUMENT, invalid));
        else setTimeout(() => callback(null, { sales, totalCents: total }), Math.min(random.latency(4), 50));
      });
    },

    TrackOrders(call: grpc.ServerDuplexStream<{ orderId: string }, unknown>) {
      let pending = 0;
      let ended = false;
      let failed = false;
      const finish = () => {
        if (ended && pending === 0 && !failed && !call.cancelled) call.end();
      };
      call.on('data', (req: { orderId: string }) => {
        if (failed) return;
        if (req.orderId === 'lost') {
          failed = true;
          call.emit('error', status(grpc.status.NOT_FOUND, 'order lost is not known'));
          return;
        }
        pending++;
        setTimeout(
          () => {
            pending--;
            if (!failed && !call.cancelled)
              call.write({ orderId: req.orderId, status: random.next() < 0.5 ? 'packed' : 'shipped' });
            finish();
          },
          Math.min(random.latency(3), 40),
        );
      });
      call.on('end', () => {
        ended = true;
        finish();
      });
    },
  };
}
