import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
// Not through the xmpp harness: the browser tests import this file, and the harness imports JSON
// modules that Playwright's loader refuses.
import { withTimeout } from './with-timeout';

export type LogLine = Record<string, unknown> & { event: string; level: string };

export interface LogEvents {
  readonly lines: LogLine[];
  /** Resolves with the first line of `event` logged from now on (or already seen since watching began). */
  next(event: string, timeoutMs: number): Promise<LogLine>;
  stop(): void;
}

/**
 * The product's JSON log lines written by this process (server/log.ts writes to stdout and
 * stderr), read as they are written, so that a test waits for an event instead of sleeping.
 */
export function watchLogEvents(): LogEvents {
  const lines: LogLine[] = [];
  const waiters: Array<{ event: string; resolve: (line: LogLine) => void }> = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  streams.forEach((stream, index) => {
    const original = originals[index];
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      for (const text of String(chunk).split('\n')) {
        if (!text.startsWith('{')) continue;
        try {
          const line = JSON.parse(text) as LogLine;
          lines.push(line);
          for (const waiter of waiters.filter(({ event }) => event === line.event)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(line);
          }
        } catch {
          // not a log line
        }
      }
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof stream.write;
  });
  return {
    lines,
    next(event, timeoutMs) {
      const seen = lines.find((line) => line.event === event);
      if (seen) return Promise.resolve(seen);
      return withTimeout(
        new Promise<LogLine>((resolve) => waiters.push({ event, resolve })),
        timeoutMs,
        `no "${event}" was logged within ${timeoutMs} ms`,
      );
    },
    stop() {
      streams.forEach((stream, index) => (stream.write = originals[index]!));
    },
  };
}

/** Re-checks `condition` until it returns something truthy, failing with `message` after `timeoutMs`. */
export async function eventually<T>(
  condition: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  message: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ChildLog {
  /** Its JSON log lines so far (stdout and stderr). */
  lines: LogLine[];
  /** The last lines it wrote, for failure messages. */
  outputTail(): string;
  /** Resolves with the first line of `event` it logs (or has logged); fails after `timeoutMs` showing its output. */
  next(event: string, timeoutMs: number): Promise<LogLine>;
}

/** Reads a child process's output (stdio piped) as the product's JSON log lines, keeping the rest for errors. */
export function readChildLog(child: ChildProcess, name: string): ChildLog {
  const lines: LogLine[] = [];
  const output: string[] = [];
  const waiters: Array<{ event: string; resolve: (line: LogLine) => void }> = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (text) => {
      output.push(text);
      if (output.length > 200) output.shift();
      if (!text.startsWith('{"time"')) return;
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      for (const waiter of waiters.filter(({ event }) => event === line.event)) waiter.resolve(line);
    });
  }
  const outputTail = () => output.slice(-40).join('\n');
  return {
    lines,
    outputTail,
    next(event, timeoutMs) {
      const seen = lines.find((line) => line.event === event);
      const waiting = seen ? Promise.resolve(seen) : new Promise<LogLine>((resolve) => waiters.push({ event, resolve }));
      return withTimeout(
        waiting,
        timeoutMs,
        () => `${name} logged no "${event}" within ${timeoutMs} ms; its output ends:\n${outputTail()}`,
      );
    },
  };
}
