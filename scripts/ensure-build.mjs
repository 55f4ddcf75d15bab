// `npm start`: builds the console when there is no build or its sources changed since the build
// (a `git pull`, an edit), and says so first. `npm run build` (--always) builds in any case.
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStamp, sourceHash, staleBecause, writeStamp } from './build-stamp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const distDir = join(root, process.env.NEXT_DIST_DIR || '.next');
/** What a first build takes on a 2-core machine; later ones announce the last build's time. */
const firstBuildSeconds = 100;

function say(event, fields) {
  console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', event, ...fields }));
}

const hash = sourceHash(root);
const why = process.argv.includes('--always') ? 'asked for' : staleBecause(root, distDir, hash);
if (!why) process.exit(0);

const expectedSeconds = Math.round(readStamp(distDir)?.seconds ?? firstBuildSeconds);
say('console.building', { why, hint: `building the console, about ${expectedSeconds} s`, distDir: relative(root, distDir) });
const started = Date.now();
const result = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', cwd: root });
if (result.status !== 0) process.exit(result.status ?? 1);
const seconds = Math.round((Date.now() - started) / 1000);
writeStamp(distDir, { sourceHash: hash, seconds });
say('console.built', { seconds });
