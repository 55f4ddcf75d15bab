import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy a test can break the way a database server breaks: `refuse` (connections
 * are reset at once, as when the server is gone) or `stall` (connections stay open and silent, as
 * when the server or the network hangs). restore() drops the broken connections and lets new
 * ones through again.
 */
export type ProxyFault = 'refuse' | 'stall';

export interface TcpProxy {
  port: number;
  cut(fault?: ProxyFault): void;
  restore(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream?: Socket;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let fault: ProxyFault | undefined;
  const destroy = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  };
  const silence = (pair: Pair) => {
    pair.client.unpipe();
    pair.upstream?.unpipe();
    pair.client.pause();
    pair.upstream?.pause();
  };
  const server: Server = createServer((client) => {
    const pair: Pair = { client };
    pairs.add(pair);
    client.on('error', () => destroy(pair));
    client.once('close', () => destroy(pair));
    if (fault === 'refuse') return destroy(pair);
    if (fault === 'stall') return silence(pair);
    const upstream = connect(target);
    pair.upstream = upstream;
    upstream.on('error', () => destroy(pair));
    upstream.once('close', () => destroy(pair));
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the proxy has no address');
  return {
    port: address.port,
    cut(kind = 'refuse') {
      fault = kind;
      for (const pair of pairs) (kind === 'refuse' ? destroy : silence)(pair);
    },
    restore() {
      fault = undefined;
      for (const pair of pairs) if (pair.client.isPaused()) destroy(pair);
    },
    close() {
      for (const pair of pairs) destroy(pair);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
