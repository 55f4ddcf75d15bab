/**
 * `npm run bench`: every benchmark in turn, each printing its figures and ratios against the peer it
 * measures in the same run. The buddies editor bench needs a console build, made here when missing.
 */
import { spawnSync } from 'node:child_process';

const runs: Array<[string, string, string[]]> = [
  ['vCard and commands, 50 clients: product vs a bare component and Prosody itself', 'npx', ['tsx', 'bench/vcard.ts']],
  ['address books at 100,000 accounts, both stores, vs one-by-one lookups', 'npx', ['tsx', 'bench/search-users.ts']],
  ['commands with 1, 2 and 3 worker processes behind ejabberd vs a bare component', 'npx', ['tsx', 'bench/workers.ts']],
  ['console build for the editor bench', 'node', ['scripts/ensure-build.mjs']],
  [
    'buddies editor at 500 and 5,000 nodes vs a page showing as many rows; one edit at 5,000 vs 50 nodes',
    'npx',
    ['tsx', 'bench/buddies-tree.ts'],
  ],
];

for (const [name, command, args] of runs) {
  console.log(`\n=== ${name}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm run bench: ${name} failed`);
    process.exit(result.status ?? 1);
  }
}
