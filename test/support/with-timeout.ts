import { DeadlineExceeded, withDeadline } from '@/server/deadline';

/** A wait that fails the test with `message` instead of hanging. */
export async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  try {
    return await withDeadline(work, ms);
  } catch (error) {
    throw error instanceof DeadlineExceeded ? new Error(message) : error;
  }
}
