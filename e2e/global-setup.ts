import { existsSync, readdirSync, rmSync } from 'node:fs';
import { canConnect } from '@/server/prosody/private-prosody';

/**
 * Each run's product keeps its data in .data/e2e-<port> (playwright.config.ts). Earlier runs'
 * folders are removed here once their console port is closed: a run still going keeps its own.
 */
export default async function removeFinishedRunsData(): Promise<void> {
  if (!existsSync('.data')) return;
  for (const name of readdirSync('.data')) {
    const match = /^e2e-(\d+)$/.exec(name);
    if (!match || `.data/${name}` === process.env.E2E_DATA_DIR) continue;
    if (await canConnect(Number(match[1]))) continue;
    rmSync(`.data/${name}`, { recursive: true, force: true });
  }
}
