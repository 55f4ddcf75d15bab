import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProsodyStore } from './account-directory';
import { encodeProsodyPathPart } from './prosody-path-encoding';

/**
 * The thread's whole program (plain JavaScript: it is evaluated as is, not compiled). For each
 * request it checks that the accounts directory is one (a host without it has no accounts yet;
 * anything else there is an unreadable store), then answers from its listing of the directory when
 * the directory has not changed since (same mtime), else stats exactly the asked files: a missing
 * file is an unregistered name, any other error fails the request.
 *
 * The listing is exact because it is kept only when the directory's mtime (and inode: a directory
 * put in its place is another) is the same before and after reading it, and only when that mtime
 * is older than `quietMs`: every change to the entries of a directory moves its mtime, except one
 * in the same clock tick as the mtime the listing saw (file timestamps come from a coarse clock),
 * so a listing of a directory changed moments ago is not kept (git's "racy" rule). It is (re)read
 * after answering (the thread takes the next request once it is done), at most once per
 * `relistMs`, so a store that changes all the time costs what the stats cost, plus an occasional
 * listing.
 */
const statThreadSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { readdirSync, statSync } = require('node:fs');
const { quietMs, relistMs } = workerData;
const listings = new Map();
const lastListed = new Map();
const unchanged = (listed, now) => listed.mtimeNs === now.mtimeNs && listed.ino === now.ino;
function list(dir, before) {
  const now = Date.now();
  if (now - Number(before.mtimeNs / 1000000n) < quietMs || now - (lastListed.get(dir) ?? 0) < relistMs) return;
  lastListed.set(dir, now);
  const names = new Set(readdirSync(dir));
  if (unchanged(before, statSync(dir, { bigint: true }))) listings.set(dir, { mtimeNs: before.mtimeNs, ino: before.ino, names });
}
parentPort.on('message', ({ id, dir, files }) => {
  let relist;
  try {
    const dirStats = statSync(dir, { throwIfNoEntry: false, bigint: true });
    if (dirStats === undefined) return parentPort.postMessage({ id, found: [] });
    if (!dirStats.isDirectory()) throw new Error(dir + ' is not a directory');
    const listing = listings.get(dir);
    const found = [];
    if (listing !== undefined && unchanged(listing, dirStats)) {
      for (let i = 0; i < files.length; i++) if (listing.names.has(files[i])) found.push(i);
    } else {
      listings.delete(dir);
      relist = dirStats;
      for (let i = 0; i < files.length; i++) {
        if (statSync(dir + '/' + files[i], { throwIfNoEntry: false }) !== undefined) found.push(i);
      }
    }
    parentPort.postMessage({ id, found });
  } catch (error) {
    return parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
  try {
    if (relist !== undefined) list(dir, relist);
  } catch {
    // Not listed this time: the next requests stat their files, as they would without a listing.
  }
});
`;

type StatReply = { id: number; found: number[]; error?: undefined } | { id: number; error: string };

export interface FileAccountDirectoryOptions {
  /** A directory changed less than this long ago is not listed (the racy rule above). */
  quietMs?: number;
  /** At most one listing of a directory per this long. */
  relistMs?: number;
}

interface Pending {
  resolve(found: number[]): void;
  reject(error: Error): void;
}

/**
 * Prosody's internal (file) store: an account is `<data_path>/<host>/accounts/<user>.dat`.
 * A lookup answers for the moment of the request: an account registered a moment ago is found and
 * a deleted one is not. It costs one stat of the directory and a set lookup per name while the
 * directory is unchanged, else a stat per asked file (a few µs each): never a read of the whole
 * directory on the request's path (~0.1–0.35 s at 100,000 accounts). All of it runs in a worker
 * thread, synchronously, so that a 5,000-number lookup never holds the main thread that serves
 * every other user.
 */
export function openFileAccountDirectory(dataPath: string, options: FileAccountDirectoryOptions = {}): ProsodyStore {
  const workerData = { quietMs: options.quietMs ?? 2_000, relistMs: options.relistMs ?? 10_000 };
  let thread: Worker | undefined;
  const pending = new Map<number, Pending>();
  let nextId = 0;

  const failAll = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  const statThread = () => {
    if (thread) return thread;
    const started = new Worker(statThreadSource, { eval: true, workerData });
    // Idle between requests, it must not keep the process alive.
    started.unref();
    started.on('message', (reply: StatReply) => {
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.error === undefined) waiter?.resolve(reply.found);
      else waiter?.reject(new Error(`the account store could not be read: ${reply.error}`));
    });
    // A thread that dies fails what it held; the next lookup starts a new one.
    const lost = (error: Error) => {
      if (thread === started) thread = undefined;
      failAll(error);
    };
    started.on('error', lost);
    started.on('exit', (code) => lost(new Error(`the account lookup thread exited (code ${code})`)));
    thread = started;
    return started;
  };

  return {
    async registered(domain, localparts) {
      if (localparts.length === 0) return new Set();
      const dir = join(dataPath, encodeProsodyPathPart(domain), 'accounts');
      const files = localparts.map((localpart) => `${encodeProsodyPathPart(localpart)}.dat`);
      const id = nextId++;
      const found = await new Promise<number[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        statThread().postMessage({ id, dir, files });
      });
      return new Set(found.map((index) => localparts[index]!));
    },
    // `<data_path>/<host>/roster/<user>.dat`, which Prosody replaces whole (a new file renamed over
    // the old one) on every roster save.
    async rosterFingerprint(domain, localpart) {
      const file = join(dataPath, encodeProsodyPathPart(domain), 'roster', `${encodeProsodyPathPart(localpart)}.dat`);
      try {
        return createHash('sha256')
          .update(await readFile(file))
          .digest('base64');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async close() {
      const closing = thread;
      thread = undefined;
      await closing?.terminate();
    },
  };
}
