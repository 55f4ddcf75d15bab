import { log } from './log';

type Stop = () => Promise<void> | void;

export interface Shutdown {
  /** Registers how to stop something just started (or starting); stops run last-registered first. */
  add(stop: Stop): void;
  /** True once stopping: start-up failures after a signal are the shutdown's doing, not errors. */
  readonly stopping: boolean;
  /** Stops everything registered, then exits with `exitCode` (a failed start-up, for one). */
  stopAndExit(exitCode: number): Promise<void>;
}

/**
 * Installed first thing in a process: on SIGINT or SIGTERM, at any moment (start-up included),
 * stops what has been registered so far, in reverse order, once (a second signal does not
 * interrupt it), then exits. Without it a signal during start-up would kill the process with the
 * PGlite lock held and the private Prosody running.
 */
export function stopOnSignals(): Shutdown {
  const stops: Stop[] = [];
  let stopping = false;
  const stopAndExit = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    let failed = false;
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (err) {
        failed = true;
        log.error('shutdown.failed', { err });
      }
    }
    log.info('shutdown.done', { exitCode: failed ? 1 : exitCode });
    process.exit(failed ? 1 : exitCode);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stopping) log.info('shutdown', { signal });
    void stopAndExit(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    add: (stop) => void stops.push(stop),
    get stopping() {
      return stopping;
    },
    stopAndExit,
  };
}
