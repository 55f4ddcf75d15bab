import { describe, expect, it } from 'vitest';
import type { RosterItem } from '@/lib/protocol/response';
import { watchLogEvents } from '@/test/support/log-events';
import type { SenderRoster } from './command';
import { cachedSenderRoster, RosterCache } from './roster-cache';

const item = (jid: string, name = jid): RosterItem => ({ jid, name, subscription: 'none', groups: ['CONTACTS'] });

/** A server's roster for one user, its stored fingerprint moving with every write, counting reads. */
function serverRoster(initial: RosterItem[]) {
  const state = { items: initial, version: 1, gets: 0, duringGet: () => {} };
  const roster: SenderRoster = {
    async get() {
      state.gets += 1;
      const items = [...state.items];
      state.duringGet();
      return items;
    },
    async set(written) {
      state.items = [...state.items.filter((kept) => kept.jid !== written.jid), written];
      state.version += 1;
    },
  };
  return { state, roster, fingerprint: async () => (state.items.length === 0 ? undefined : `v${state.version}`) };
}

describe('a roster kept in memory', () => {
  it('is fetched once while the fingerprint stays, and again once it moves', async () => {
    const server = serverRoster([item('a@x')]);
    const roster = cachedSenderRoster(server.roster, server.fingerprint, new RosterCache(), 'u@x');
    expect(await roster.get()).toEqual([item('a@x')]);
    expect(await roster.get()).toEqual([item('a@x')]);
    expect(server.state.gets).toBe(1);

    await roster.set(item('b@x'));
    expect(await roster.get()).toEqual([item('a@x'), item('b@x')]);
    expect(server.state.gets).toBe(2);

    // A change behind the service's back (the user's own client) moves the fingerprint too.
    server.state.items = [item('a@x', 'renamed')];
    server.state.version += 1;
    expect(await roster.get()).toEqual([item('a@x', 'renamed')]);
    expect(server.state.gets).toBe(3);
  });

  it('is not kept when the roster changed while it was fetched', async () => {
    const server = serverRoster([item('a@x')]);
    const roster = cachedSenderRoster(server.roster, server.fingerprint, new RosterCache(), 'u@x');
    server.state.duringGet = () => {
      server.state.items = [item('b@x')];
      server.state.version += 1;
      server.state.duringGet = () => {};
    };
    expect(await roster.get()).toEqual([item('a@x')]);
    expect(await roster.get()).toEqual([item('b@x')]);
    expect(server.state.gets).toBe(2);
  });

  it('is fetched every time without a fingerprint, or when the fingerprint cannot be read', async () => {
    const empty = serverRoster([]);
    const unfingerprinted = cachedSenderRoster(empty.roster, empty.fingerprint, new RosterCache(), 'u@x');
    await unfingerprinted.get();
    await unfingerprinted.get();
    expect(empty.state.gets).toBe(2);

    const server = serverRoster([item('a@x')]);
    const failing = async () => Promise.reject(new Error('permission denied'));
    const logs = watchLogEvents();
    try {
      const unreadable = cachedSenderRoster(server.roster, failing, new RosterCache(), 'u@x');
      expect(await unreadable.get()).toEqual([item('a@x')]);
      await unreadable.get();
      expect(server.state.gets).toBe(2);
      // Two syncs, two failed reads: one warning, not one per sync.
      expect(logs.lines.filter((line) => line.event === 'roster.fingerprint_failed')).toEqual([
        expect.objectContaining({ level: 'warn', sender: 'u@x', error: 'permission denied' }),
      ]);
    } finally {
      logs.stop();
    }
  });

  it('hands out copies: a caller changing its list does not change what is kept', async () => {
    const server = serverRoster([item('a@x')]);
    const roster = cachedSenderRoster(server.roster, server.fingerprint, new RosterCache(), 'u@x');
    (await roster.get()).push(item('z@x'));
    (await roster.get()).pop();
    expect(await roster.get()).toEqual([item('a@x')]);
  });

  it('keeps at most its number of items, dropping the least recently used rosters first', async () => {
    const cache = new RosterCache(5);
    const servers = ['u1', 'u2', 'u3'].map((user) => ({ user, ...serverRoster([item(`a@${user}`), item(`b@${user}`)]) }));
    const rosters = servers.map((server) => cachedSenderRoster(server.roster, server.fingerprint, cache, server.user));
    await rosters[0]!.get();
    await rosters[1]!.get();
    await rosters[0]!.get(); // u1 used last: u2 is now the least recently used
    await rosters[2]!.get(); // 6 items: u2 goes
    await rosters[0]!.get();
    await rosters[2]!.get();
    await rosters[1]!.get();
    expect(servers.map((server) => server.state.gets)).toEqual([1, 2, 1]);

    const big = serverRoster(Array.from({ length: 6 }, (_, index) => item(`${index}@x`)));
    const bigRoster = cachedSenderRoster(big.roster, big.fingerprint, cache, 'big@x');
    await bigRoster.get();
    await bigRoster.get();
    expect(big.state.gets).toBe(2);
  });
});
