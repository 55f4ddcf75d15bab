import type { TestUser } from '@/test/support/xmpp-harness';

export interface Round {
  p50: number;
  p99: number;
  perSecond: number;
}

/**
 * One round of a closed loop: `requests` requests spread over the users, each user sending one at a
 * time and the next as soon as its answer arrives. Latency quantiles and throughput of the round.
 */
export async function closedLoopRound(users: TestUser[], requests: number, request: (user: TestUser) => Promise<unknown>): Promise<Round> {
  const latencies: number[] = [];
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    users.map(async (user) => {
      while (sent++ < requests) {
        const start = performance.now();
        await request(user);
        latencies.push(performance.now() - start);
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { p50: at(0.5), p99: at(0.99), perSecond: (latencies.length / elapsed) * 1000 };
}
