import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { LogLine } from './log-events';
import { withTimeout } from './xmpp-harness';

export interface WorkerProcess {
  child: ChildProcess;
  /** Every JSON log line, stdout and stderr. */
  lines: LogLine[];
  /** Everything it wrote, for failure messages. */
  output(): string;
  next(event: string, timeoutMs: number): Promise<LogLine>;
  exited(timeoutMs: number): Promise<number | null>;
}

/** `npm run worker` (server/worker/main.ts) as its own process with `env` on top of this one's. */
export function spawnWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker/main.ts'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  const lines: LogLine[] = [];
  const text: string[] = [];
  const waiters: Array<{ event: string; resolve: (line: LogLine) => void }> = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (raw) => {
      text.push(raw);
      if (!raw.startsWith('{')) return;
      const line = JSON.parse(raw) as LogLine;
      lines.push(line);
      for (const waiter of waiters.filter(({ event }) => event === line.event)) waiter.resolve(line);
    });
  }
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    output: () => text.join('\n'),
    next(event, timeoutMs) {
      const seen = lines.find((line) => line.event === event);
      const waiting = seen ? Promise.resolve(seen) : new Promise<LogLine>((resolve) => waiters.push({ event, resolve }));
      return withTimeout(waiting, timeoutMs, `the worker process logged no "${event}" within ${timeoutMs} ms:\n${text.join('\n')}`);
    },
    exited: (timeoutMs) => withTimeout(exit, timeoutMs, `the worker process did not exit within ${timeoutMs} ms`),
  };
}
