// Loopback ports for failure tests: one held by another listener, one nothing listens on.
import { createServer } from 'node:net';

export async function takenPort(): Promise<{ port: number; release: () => void }> {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  return { port: (holder.address() as { port: number }).port, release: () => holder.close() };
}

export async function closedPort(): Promise<number> {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const { port } = holder.address() as { port: number };
  await new Promise((resolve) => holder.close(resolve));
  return port;
}
