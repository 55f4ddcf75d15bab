import { spawn, type ChildProcess } from 'node:child_process';
import { readChildLog, type ChildLog } from './log-events';
import { withTimeout } from './with-timeout';

export interface WorkerProcess extends ChildLog {
  child: ChildProcess;
  exited(timeoutMs: number): Promise<number | null>;
}

/** `npm run worker` (server/worker/main.ts) as its own process with `env` on top of this one's. */
export function spawnWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker/main.ts'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    ...readChildLog(child, 'the worker process'),
    exited: (timeoutMs) => withTimeout(exit, timeoutMs, `the worker process did not exit within ${timeoutMs} ms`),
  };
}
