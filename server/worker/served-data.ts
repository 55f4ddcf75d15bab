import type { Database, Db } from '@/db/client';
import { findPublishedJson } from '../buddies/repository';
import { emptyBuddiesJson, vcardXml } from '../buddies/vcard-reply';
import { changesChannel, readChange, type Change } from '../changes';
import { listChannelNames } from '../channels/repository';
import { findDomain, type Domain } from '../domains';
import { log } from '../log';
import { withDatabaseDeadline } from '../database-errors';

/** What a command needs of the sender's domain; the rest of the row (draft revision) changes with every edit. */
export type ServedDomain = Pick<Domain, 'id' | 'name'>;

/** A domain's vCard, serialized once: `undefined` when the domain is not served. */
export type CachedVcard = { xml: string; bytes: number } | undefined;

/** What a worker reads on every request and what changes it: the cache subscribes to `changesChannel`. */
export interface ServedDataOptions {
  db: Db;
  listen: Database['listen'];
  databaseDeadlineMs: number;
}

/**
 * The worker's memory of what every request reads and operators rarely change: the sender's domain,
 * the domain's channel names and its serialized vCard. Entries are filled on first use and dropped
 * when a change is announced (NOTIFY, from this or another process), and all of them whenever the
 * listening connection is (re)established, since notifications may have been missed meanwhile.
 * Reads in flight are shared; a failed read is not kept.
 */
export class ServedData {
  private readonly domains = new Map<string, Promise<ServedDomain | undefined>>();
  private readonly channelNames = new Map<number, Promise<string[]>>();
  private readonly vcards = new Map<string, Promise<CachedVcard>>();
  private readonly changeWaiters: Array<(change: Change) => void> = [];
  private stopListening: (() => Promise<void>) | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly options: ServedDataOptions) {}

  get listening(): boolean {
    return this.stopListening !== undefined;
  }

  /** Starts listening; until then (or if it fails) nothing is kept, every read goes to the database. */
  async start(): Promise<void> {
    if (this.starting) return this.starting;
    this.starting = this.listen().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async listen(): Promise<void> {
    this.stopListening = await this.options.listen(
      changesChannel,
      (payload) => this.applyChange(payload),
      () => this.forgetAll(),
    );
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = undefined;
    this.forgetAll();
  }

  domain(name: string): Promise<ServedDomain | undefined> {
    const key = name.toLowerCase();
    return this.cached(this.domains, key, async () => {
      const row = await findDomain(this.options.db, key);
      return row && { id: row.id, name: row.name };
    });
  }

  channels(domainId: number): Promise<string[]> {
    return this.cached(this.channelNames, domainId, () => listChannelNames(this.options.db, domainId));
  }

  vcard(domainName: string): Promise<CachedVcard> {
    const key = domainName.toLowerCase();
    return this.cached(this.vcards, key, async () => {
      const json = await findPublishedJson(this.options.db, key);
      if (json === null && !(await this.domain(key))) return undefined;
      // Versions published before DESC went compact were stored indented: same data, served compact.
      const xml = vcardXml(json === null ? emptyBuddiesJson : JSON.stringify(JSON.parse(json)));
      return { xml, bytes: Buffer.byteLength(xml) };
    });
  }

  /** Resolves with the next change this worker applies (tests wait for a publish to arrive). */
  nextChange(): Promise<Change> {
    return new Promise((resolve) => this.changeWaiters.push(resolve));
  }

  private cached<K, V>(entries: Map<K, Promise<V>>, key: K, read: () => Promise<V>): Promise<V> {
    const kept = this.stopListening && entries.get(key);
    if (kept) return kept;
    const reading = withDatabaseDeadline(read(), this.options.databaseDeadlineMs);
    if (!this.stopListening) return reading;
    entries.set(key, reading);
    // Only a read that is still the entry is dropped: a change may have replaced it meanwhile.
    reading.catch(() => entries.get(key) === reading && entries.delete(key));
    return reading;
  }

  private applyChange(payload: string): void {
    const change = readChange(payload);
    if (!change) return log.warn('worker.unknown_change', { channel: changesChannel, payload: payload.slice(0, 200) });
    if (change.kind === 'domains') {
      this.domains.clear();
      this.vcards.clear();
    } else if (change.kind === 'channels') {
      this.channelNames.delete(change.domainId);
    } else {
      // Keyed by name, as requests arrive; publishes are rare, so all domains' vCards are read again.
      this.vcards.clear();
    }
    log.info('worker.change_applied', { ...change });
    for (const waiter of this.changeWaiters.splice(0)) waiter(change);
  }

  private forgetAll(): void {
    this.domains.clear();
    this.channelNames.clear();
    this.vcards.clear();
  }
}
