#!/usr/bin/env node
// The `xmpp-service` command (package.json "bin"): runs server/cli/main.ts through tsx with the
// project's tsconfig, from whatever directory it is called in.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const result = spawnSync(
  process.execPath,
  [tsxCli, '--tsconfig', `${root}tsconfig.json`, `${root}server/cli/main.ts`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
