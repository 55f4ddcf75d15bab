import { spawnSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

/**
 * Browser tests run the real product (`node --import tsx server/main.ts`, the process `npm start` runs) on
 * free ports, with its own embedded database and its own private Prosody under .data/e2e.
 * The ports are chosen once here and inherited by the workers through the environment; they are
 * distinct because every probe listens at once before any closes.
 */
function freePortsSync(): { E2E_PORT: string; E2E_C2S_PORT: string; E2E_COMPONENT_PORT: string } {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      "const net=require('net');const s=[0,1,2].map(()=>net.createServer());" +
        "Promise.all(s.map((x)=>new Promise((r)=>x.listen(0,'127.0.0.1',r))))" +
        ".then(()=>{console.log(s.map((x)=>x.address().port).join(' '));s.forEach((x)=>x.close())})",
    ],
    { encoding: 'utf8' },
  );
  const [http, c2s, component] = probe.stdout.trim().split(' ');
  if (!http || !c2s || !component) throw new Error(`could not find free ports: ${probe.stderr}`);
  return { E2E_PORT: http, E2E_C2S_PORT: c2s, E2E_COMPONENT_PORT: component };
}

const ports = process.env.E2E_PORT ? undefined : freePortsSync();
process.env.E2E_PORT ??= ports?.E2E_PORT ?? '';
process.env.E2E_C2S_PORT ??= ports?.E2E_C2S_PORT ?? '';
process.env.E2E_COMPONENT_PORT ??= ports?.E2E_COMPONENT_PORT ?? '';
process.env.E2E_DATA_DIR ??= `.data/e2e-${process.env.E2E_PORT}`;
process.env.E2E_ADMIN_EMAIL ??= 'admin@example.test';
process.env.E2E_ADMIN_PASSWORD ??= 'e2e-admin-password-0123';

const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: `test-results/run-${process.env.E2E_PORT}`,
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${process.env.E2E_PORT}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumFlags },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `rm -rf ${process.env.E2E_DATA_DIR} && node --import tsx server/main.ts`,
    url: `http://127.0.0.1:${process.env.E2E_PORT}/api/health/live`,
    timeout: 120_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: process.env.E2E_PORT,
      HOSTNAME: '127.0.0.1',
      PGLITE_DIR: `${process.env.E2E_DATA_DIR}/pglite`,
      PROSODY_DATA_DIR: `${process.env.E2E_DATA_DIR}/prosody`,
      PROSODY_C2S_PORT: process.env.E2E_C2S_PORT,
      PROSODY_COMPONENT_PORT: process.env.E2E_COMPONENT_PORT,
      ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
      ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
    },
  },
});
