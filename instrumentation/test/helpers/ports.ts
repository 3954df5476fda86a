// Loopback ports for failure tests: one held by another listener, one nothing listens on.
import { createServer } from 'node:net';

export async function takenPort(): Promise<{ port: number; release: () => void }> {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  return { port: (holder.address() as { port: number }).port, release: () => holder.close() };
}

// One nothing the tests start can take (test/services/ports.ts says how).
export { closedPort } from '../../../test/services/ports.js';
