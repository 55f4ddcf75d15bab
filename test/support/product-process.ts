import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { freePort } from '@/test/support/free-port';
import { DeadlineExceeded, withDeadline } from '@/server/deadline';
import { readChildLog, type ChildLog } from './log-events';

/**
 * The real product (`node --import tsx server/main.ts`, what `npm start` runs once built) as a
 * child process on free ports with a data directory of its own, for the tests and benchmarks that
 * need it started otherwise than playwright.config.ts starts it: another admin, or none at all,
 * killed and started again. It serves the build of NEXT_DIST_DIR (inherited), so build first.
 * Its output is kept, not printed: tests provoke errors on purpose, and a failed start shows it.
 */
export interface ProductOptions {
  /** The data directory is `.data/<name>-<port>`, removed on stop. */
  name: string;
  /** The first admin, as ADMIN_EMAIL/ADMIN_PASSWORD. Without it neither is set: the console opens on /setup. */
  admin?: { email: string; password: string };
  /** More settings, e.g. an XMPP server of its own instead of the private Prosody. */
  env?: Record<string, string>;
  startTimeoutMs?: number;
  /** Start again on the data directory and ports of an earlier (stopped or killed) product. */
  after?: ProductProcess;
}

export interface ProductProcess extends ChildLog {
  baseURL: string;
  dataDir: string;
  ports: { http: number; c2s: number; component: number };
  child: ChildProcess;
  /** Resolves when it has exited. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (when still running) and, unless keepData, removes its data directory. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Starts the product and returns at once, before it serves. */
export async function spawnProduct(options: ProductOptions): Promise<ProductProcess> {
  const ports = options.after?.ports ?? { http: await freePort(), c2s: await freePort(), component: await freePort() };
  const dataDir = options.after?.dataDir ?? `.data/${options.name}-${ports.http}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(ports.http),
    HOSTNAME: '127.0.0.1',
    PGLITE_DIR: `${dataDir}/pglite`,
    PROSODY_DATA_DIR: `${dataDir}/prosody`,
    PROSODY_C2S_PORT: String(ports.c2s),
    PROSODY_COMPONENT_PORT: String(ports.component),
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  // Whatever the calling shell set, the admin is exactly the one asked for, or none.
  delete env.ADMIN_EMAIL;
  delete env.ADMIN_PASSWORD;
  if (options.admin) Object.assign(env, { ADMIN_EMAIL: options.admin.email, ADMIN_PASSWORD: options.admin.password });
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: ['ignore', 'pipe', 'pipe'], env });
  // The product never outlives the process that started it, whatever way that process ends.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      resolve({ code, signal });
    }),
  );

  const log = readChildLog(child, 'the product');

  return {
    baseURL: `http://127.0.0.1:${ports.http}`,
    dataDir,
    ports,
    child,
    ...log,
    exited: () => exit,
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exit;
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts the product and resolves once it serves /api/health. */
export async function startProduct(options: ProductOptions): Promise<ProductProcess> {
  const product = await spawnProduct(options);
  let waiting = true;
  const serving = (async () => {
    while (waiting) {
      // Liveness: a product started without a database or XMPP on purpose is not "ready", yet serves.
      if (
        await fetch(`${product.baseURL}/api/health/live`).then(
          (response) => response.ok,
          () => false,
        )
      )
        return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  const exitedFirst = product.exited().then(({ code }) => Promise.reject(new Error(`the product exited before serving (code ${code})`)));
  try {
    await withDeadline(Promise.race([serving, exitedFirst]), options.startTimeoutMs ?? 120_000);
  } catch (error) {
    await product.stop();
    const reason =
      error instanceof DeadlineExceeded
        ? `the product did not serve ${product.baseURL}/api/health/live within ${error.ms} ms`
        : (error as Error).message;
    throw new Error(`${reason}; its output ends:\n${product.outputTail()}`);
  } finally {
    waiting = false;
  }
  return product;
}
