import { Refusal } from '../../lib/refusal';

/**
 * Refusals of the buddies service, with the HTTP status the console answers them with.
 * `details` carries what the editor needs to recover: the fresh draft on a conflict, the field on a
 * validation error.
 */
export class BuddiesError extends Refusal {
  constructor(status: 400 | 404 | 409 | 413, message: string, details?: unknown) {
    super(status, message, details);
  }
}
