import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountDirectory } from '../worker/command';
import { decodeProsodyPathPart, encodeProsodyPathPart } from './prosody-path-encoding';

const accountFileSuffix = '.dat';

/**
 * Prosody's internal (file) store: an account is `<data_path>/<host>/accounts/<user>.dat`.
 * One readdir per request answers any number of localparts; a host without the directory has no
 * accounts yet.
 */
export function openFileAccountDirectory(dataPath: string): AccountDirectory {
  return {
    async registered(domain, localparts) {
      if (localparts.length === 0) return new Set();
      const accountsDir = join(dataPath, encodeProsodyPathPart(domain), 'accounts');
      let files: string[];
      try {
        files = await readdir(accountsDir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
        throw error;
      }
      const existing = new Set(
        files.filter((file) => file.endsWith(accountFileSuffix)).map((file) => decodeProsodyPathPart(file.slice(0, -accountFileSuffix.length))),
      );
      return new Set(localparts.filter((localpart) => existing.has(localpart)));
    },
    close: async () => {},
  };
}
