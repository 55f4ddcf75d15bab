import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountDirectory } from './account-directory';
import { openFileAccountDirectory } from './file-accounts';
import { encodeProsodyPathPart } from './prosody-path-encoding';

const domain = 'served.test';

describe("the file account store's lookup", () => {
  let dataPath: string;
  let accounts: string;
  let directory: AccountDirectory | undefined;
  beforeEach(() => {
    dataPath = mkdtempSync(join(tmpdir(), 'xs-file-accounts-'));
    accounts = join(dataPath, encodeProsodyPathPart(domain), 'accounts');
    mkdirSync(accounts, { recursive: true });
  });
  afterEach(async () => {
    await directory?.close();
    rmSync(dataPath, { recursive: true, force: true });
  });

  const register = (user: string) => writeFileSync(join(accounts, `${encodeProsodyPathPart(user)}.dat`), 'return {};\n');
  const unregister = (user: string) => unlinkSync(join(accounts, `${encodeProsodyPathPart(user)}.dat`));
  /** Sets the directory's times to whole second `at`: what a listing saw can be restored exactly. */
  const setDirectoryTime = (atSeconds: number) => utimesSync(accounts, atSeconds, atSeconds);
  const lookUp = (...users: string[]) => directory!.registered(domain, users).then((found) => [...found].sort());

  it('answers from its listing while the directory is unchanged, and exactly after every change', async () => {
    register('alice');
    register('bob');
    const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
    setDirectoryTime(anHourAgo);
    directory = openFileAccountDirectory(dataPath);
    expect(await lookUp('alice', 'bob', 'carol')).toEqual(['alice', 'bob']);
    // The thread lists the directory after that answer and takes this lookup only once it is done.
    expect(await lookUp('alice')).toEqual(['alice']);

    // A file added behind the directory's back (its mtime put back): the listing does not see it,
    // which shows the answer came from the listing. Prosody never rewinds a directory's mtime.
    register('carol');
    setDirectoryTime(anHourAgo);
    expect(await lookUp('alice', 'bob', 'carol')).toEqual(['alice', 'bob']);

    // Every real change moves the mtime: the next lookup is exact at once.
    unregister('alice');
    expect(await lookUp('alice', 'bob', 'carol')).toEqual(['bob', 'carol']);
    register('dave');
    expect(await lookUp('alice', 'dave')).toEqual(['dave']);
  });

  it('keeps no listing of a directory changed moments before (a change in the same clock tick would not move its mtime)', async () => {
    register('alice');
    const aMomentAgo = Math.floor(Date.now() / 1000) - 1;
    setDirectoryTime(aMomentAgo);
    directory = openFileAccountDirectory(dataPath, { quietMs: 60_000 });
    expect(await lookUp('alice', 'carol')).toEqual(['alice']);

    // The same trick as above: with no listing kept, the file is found all the same.
    register('carol');
    setDirectoryTime(aMomentAgo);
    expect(await lookUp('alice', 'carol')).toEqual(['alice', 'carol']);
  });

  it('finds nobody on a host with no accounts directory, and fails when the store cannot be read', async () => {
    directory = openFileAccountDirectory(dataPath);
    expect(await directory.registered('other.test', ['alice'])).toEqual(new Set());
    rmSync(accounts, { recursive: true });
    writeFileSync(accounts, '');
    await expect(directory.registered(domain, ['alice'])).rejects.toThrow('is not a directory');
  });
});
