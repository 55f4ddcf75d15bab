// `npm start` on a fresh clone: build the console once; `npm run build` rebuilds after changes.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync(`${process.env.NEXT_DIST_DIR || '.next'}/BUILD_ID`)) {
  console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', event: 'console.build', hint: 'first start: building the console' }));
  const result = spawnSync('npx', ['next', 'build'], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
