// Binds a server to a configured address and says where it ended up (port 0 → the real port).
import type { Server } from 'node:http';
import type { ListenAddress } from '../config/config.js';

export async function listen(server: Server, address: ListenAddress): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : address.port;
  return `http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${port}`;
}
