import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { freePort } from '@/server/prosody/private-prosody';
import { DeadlineExceeded, withDeadline } from '@/server/worker/deadline';

/**
 * The real product (`tsx server/main.ts`, what `npm start` runs once built) as a child process on
 * free ports with a data directory of its own, for the tests and benchmarks that need it started
 * otherwise than playwright.config.ts starts it: another admin, or none at all.
 * It serves the build of NEXT_DIST_DIR (inherited), so build first.
 */
export interface ProductOptions {
  /** The data directory is `.data/<name>-<port>`, removed on stop. */
  name: string;
  /** The first admin, as ADMIN_EMAIL/ADMIN_PASSWORD. Without it neither is set: the console opens on /setup. */
  admin?: { email: string; password: string };
  /** More settings, e.g. an XMPP server of its own instead of the private Prosody. */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export interface ProductProcess {
  baseURL: string;
  stop(): Promise<void>;
}

export async function startProduct(options: ProductOptions): Promise<ProductProcess> {
  const [port, c2sPort, componentPort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = `.data/${options.name}-${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    PGLITE_DIR: `${dataDir}/pglite`,
    PROSODY_DATA_DIR: `${dataDir}/prosody`,
    PROSODY_C2S_PORT: String(c2sPort),
    PROSODY_COMPONENT_PORT: String(componentPort),
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  // Whatever the calling shell set, the admin is exactly the one asked for, or none.
  delete env.ADMIN_EMAIL;
  delete env.ADMIN_PASSWORD;
  if (options.admin) Object.assign(env, { ADMIN_EMAIL: options.admin.email, ADMIN_PASSWORD: options.admin.password });
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  // The product never outlives the process that started it, whatever way that process ends.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    process.removeListener('exit', killOnExit);
    rmSync(dataDir, { recursive: true, force: true });
  };

  const baseURL = `http://127.0.0.1:${port}`;
  let waiting = true;
  const serving = (async () => {
    while (waiting) {
      // Liveness: a product started without a database or XMPP on purpose is not "ready", yet serves.
      if (await fetch(`${baseURL}/api/health/live`).then((response) => response.ok, () => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  const exitedFirst = exited.then(() => Promise.reject(new Error(`the product exited before serving (code ${child.exitCode})`)));
  try {
    await withDeadline(Promise.race([serving, exitedFirst]), options.startTimeoutMs ?? 120_000);
  } catch (error) {
    await stop();
    throw error instanceof DeadlineExceeded ? new Error(`the product did not serve ${baseURL}/api/health/live within ${error.ms} ms`) : error;
  } finally {
    waiting = false;
  }
  return { baseURL, stop };
}
