import { once } from 'node:events';
import type { Entity } from '@xmpp/component';
import { backoffDelay, type BackoffOptions } from '../backoff';

export const defaultBackoff: BackoffOptions = { initialMs: 250, maxMs: 5_000 };
/** An attempt that connected but was not accepted (handshake) within this long is abandoned. */
const attemptTimeoutMs = 10_000;

/**
 * Replaces @xmpp/reconnect, which retries at a fixed second: every disconnect schedules the next
 * attempt with exponential backoff, and a connection that succeeds resets it. A failed attempt
 * ends in another disconnect (refused socket, stream error, failed handshake), which schedules the
 * following one, so the worker keeps trying for as long as the server is away.
 */
export function reconnectWithBackoff(entity: Entity, options: BackoffOptions = defaultBackoff): { stop(): void } {
  entity.reconnect.stop();
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const tryAgain = async () => {
    if (stopped || entity.status !== 'disconnect') return;
    try {
      await entity.connect(entity.options.service);
      const online = once(entity, 'online', { signal: AbortSignal.timeout(attemptTimeoutMs) });
      online.catch(() => {}); // awaited below; handled here too in case open() fails first
      await entity.open({ domain: entity.options.domain });
      await online;
    } catch {
      // The cause is reported through the entity's 'error' event. A stream that opened but was not
      // accepted is closed here, so that its disconnect schedules the next attempt.
      if (!stopped && entity.status !== 'disconnect') await entity.disconnect().catch(() => {});
    }
  };
  const onDisconnect = () => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tryAgain(), backoffDelay(attempt++, options));
  };
  const onOnline = () => {
    attempt = 0;
  };
  entity.on('disconnect', onDisconnect);
  entity.on('online', onOnline);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      entity.removeListener('disconnect', onDisconnect);
      entity.removeListener('online', onOnline);
    },
  };
}
