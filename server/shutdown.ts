import { log } from './log';

/** On SIGINT or SIGTERM: runs `stop` once (a second signal does not interrupt it), then exits. */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handle = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info('shutdown', { signal });
    try {
      await stop();
    } catch (err) {
      log.error('shutdown.failed', { err });
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void handle(signal));
  process.on('SIGTERM', (signal) => void handle(signal));
}
