import { beforeEach } from 'vitest';

/**
 * A vitest setup file (every project): the product's JSON log lines written during a test
 * are kept, and printed only when that test fails. Many tests provoke errors on purpose (a killed
 * Prosody, a lost database, refused input), and their expected error lines would otherwise bury
 * the real failures in `npm test`'s output.
 */
let kept: string[] = [];
const isLogLine = (text: string) => text.startsWith('{"time":');

for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    if (!isLogLine(text)) return write(chunk, ...rest);
    kept.push(text.endsWith('\n') ? text : `${text}\n`);
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof stream.write;
}

const printError = process.stderr.write.bind(process.stderr);

beforeEach(({ onTestFailed, task }) => {
  // Lines from before this test (a beforeAll) belong to it too: they are its set-up.
  const mine = kept;
  onTestFailed(() => {
    if (mine.length === 0) return;
    printError(`\n--- log of the failed test "${task.name}" (${mine.length} lines) ---\n`);
    for (const line of mine) printError(`  ${line}`);
  });
  return () => {
    if (kept === mine) kept = [];
  };
});
