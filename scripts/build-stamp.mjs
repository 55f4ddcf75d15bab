// What the console's build is made from, and whether the build in a dist dir is of the sources
// there now. The check hashes the sources' contents (about 1 MiB, tens of ms): neither fooled by
// timestamps (a checkout, a copy) nor slow.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The build's inputs (the server code included: the console's route handlers import it). */
const sources = [
  'app',
  'components',
  'server',
  'db',
  'types',
  'public',
  'middleware.ts',
  'next.config.mjs',
  'tsconfig.json',
  'package-lock.json',
];
const stampName = 'xmpp-service-build.json';

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => files(join(path, entry)));
}

/** A hash of every source file's path and contents under `root` (tests excluded: not built). */
export function sourceHash(root) {
  const hash = createHash('sha256');
  for (const file of sources.flatMap((source) => files(join(root, source)))) {
    if (/\.test\.tsx?$/.test(file)) continue;
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** What the last build in `distDir` recorded: `{ sourceHash, seconds }`, or undefined. */
export function readStamp(distDir) {
  try {
    return JSON.parse(readFileSync(join(distDir, stampName), 'utf8'));
  } catch {
    return undefined;
  }
}

export function writeStamp(distDir, stamp) {
  writeFileSync(join(distDir, stampName), JSON.stringify(stamp));
}

/** Why `distDir` needs a (re)build for the sources under `root`, or undefined when it is current. */
export function staleBecause(root, distDir, hash = sourceHash(root)) {
  if (!existsSync(join(distDir, 'BUILD_ID'))) return 'no build yet';
  if (readStamp(distDir)?.sourceHash !== hash) return 'the sources changed since the last build';
  return undefined;
}
