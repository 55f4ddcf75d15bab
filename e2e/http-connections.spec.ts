import { Agent, get, type IncomingMessage } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { expect, test } from '@playwright/test';

/**
 * A client or proxy that reuses an idle keep-alive connection just as the console closes it gets a
 * reset (seen as `socket hang up` in a browser test). The console keeps idle connections longer than
 * the 60 s of nginx and most load balancers, and says so in its Keep-Alive header.
 */
test('an idle keep-alive connection outlasts Node’s 5 s default and is reused', async ({ baseURL }) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const fetchLive = () =>
      new Promise<{ response: IncomingMessage; reusedSocket: boolean }>((resolve, reject) => {
        const request = get(`${baseURL}/api/health/live`, { agent }, (response) => {
          response.resume();
          response.on('end', () => resolve({ response, reusedSocket: request.reusedSocket }));
        });
        request.on('error', reject);
      });

    const first = await fetchLive();
    expect(first.response.statusCode).toBe(200);
    expect(first.response.headers['keep-alive']).toBe('timeout=65');
    expect(first.reusedSocket).toBe(false);

    // The idle time is what is tested: one second past the 5 s a plain Node server would keep.
    await delay(6_000);
    const second = await fetchLive();
    expect(second.response.statusCode).toBe(200);
    expect(second.reusedSocket).toBe(true);
  } finally {
    agent.destroy();
  }
});
