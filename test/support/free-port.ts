import { createServer } from 'node:net';

/**
 * Ports this process has already handed out. The kernel may give the same ephemeral port to two
 * listen(0) calls in a row once the first is closed, and a server configured with that port twice
 * refuses to start (ejabberd: "Overlapping listeners"), so a port is never handed out twice here.
 */
const handedOut = new Set<number>();

/** A free loopback port, distinct from every other this process was given. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await kernelPickedPort();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

function kernelPickedPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
