import type { RosterItem } from '@/lib/protocol/response';
import { log } from '../log';
import type { SenderRoster } from './command';

/** Items kept in all (~235 bytes each, measured): about 50 MB, some 200 address books of 1,000 contacts. */
const defaultMaxItems = 200_000;
/** A store the worker may not read fails every sync alike: one warning a minute says so. */
const fingerprintWarningIntervalMs = 60_000;

interface Kept {
  fingerprint: string;
  items: readonly RosterItem[];
}

/**
 * Rosters read through the XMPP server, kept by user and checked against the server's store before
 * each use. A repeated address-book sync (every app start) then costs one small read of the store
 * instead of the server building the whole roster as one stanza. The least recently used go first.
 */
export class RosterCache {
  private readonly kept = new Map<string, Kept>();
  private itemCount = 0;
  private lastFingerprintWarning = -Infinity;

  constructor(private readonly maxItems = defaultMaxItems) {}

  get(user: string, fingerprint: string): readonly RosterItem[] | undefined {
    const kept = this.kept.get(user);
    if (kept === undefined) return undefined;
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
    this.kept.delete(user);
    if (kept.fingerprint !== fingerprint) {
      this.itemCount -= kept.items.length;
      return undefined;
    }
    this.kept.set(user, kept);
    return kept.items;
  }

  set(user: string, fingerprint: string, items: readonly RosterItem[]): void {
    this.forget(user);
    if (items.length > this.maxItems) return;
    this.kept.set(user, { fingerprint, items });
    this.itemCount += items.length;
    for (const [oldest, { items: oldestItems }] of this.kept) {
      if (this.itemCount <= this.maxItems) break;
      this.kept.delete(oldest);
      this.itemCount -= oldestItems.length;
    }
  }

  /** Whether a failed fingerprint read should be logged now (at most once per interval). */
  fingerprintWarningDue(now = Date.now()): boolean {
    if (now - this.lastFingerprintWarning < fingerprintWarningIntervalMs) return false;
    this.lastFingerprintWarning = now;
    return true;
  }

  forget(user: string): void {
    const kept = this.kept.get(user);
    if (kept === undefined) return;
    this.kept.delete(user);
    this.itemCount -= kept.items.length;
  }
}

/** Reads the fingerprint of `user`'s roster in the server's store (undefined: nothing to check against). */
export type RosterFingerprint = () => Promise<string | undefined>;

/**
 * `roster` with its reads kept in `cache`. A kept roster is used only while the store's fingerprint
 * is the one read before the roster was fetched and again after it, so a change made meanwhile (by
 * the user's own client, a subscription, another worker) is never hidden: the next read sees a new
 * fingerprint and fetches. Without a fingerprint (no roster in the store, or the store unreadable)
 * every read fetches, as it would without the cache.
 */
export function cachedSenderRoster(roster: SenderRoster, fingerprint: RosterFingerprint, cache: RosterCache, user: string): SenderRoster {
  const readFingerprint = () =>
    fingerprint().catch((error: unknown) => {
      if (cache.fingerprintWarningDue()) {
        log.warn('roster.fingerprint_failed', {
          sender: user,
          err: error,
          consequence: 'rosters are fetched from the server on every sync; the next such warning a minute from now at the earliest',
        });
      }
      return undefined;
    });
  return {
    async get() {
      const before = await readFingerprint();
      const kept = before === undefined ? undefined : cache.get(user, before);
      if (kept !== undefined) return [...kept];
      const items = await roster.get();
      if (before !== undefined && (await readFingerprint()) === before) cache.set(user, before, items);
      return [...items];
    },
    async set(item) {
      cache.forget(user);
      await roster.set(item);
    },
  };
}
