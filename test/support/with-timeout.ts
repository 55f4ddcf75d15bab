import { DeadlineExceeded, withDeadline } from '@/server/deadline';

/**
 * A wait that fails the test with `message` instead of hanging; a function is asked only then, so
 * it can tell what happened while waiting (a child's output, say).
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, message: string | (() => string)): Promise<T> {
  try {
    return await withDeadline(work, ms);
  } catch (error) {
    if (!(error instanceof DeadlineExceeded)) throw error;
    throw new Error(typeof message === 'function' ? message() : message);
  }
}
