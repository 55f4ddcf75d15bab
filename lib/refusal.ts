/**
 * A request the service turns down on purpose (bad input, missing object, conflict, no right):
 * an expected outcome with a message for the person, not a crash. The console answers it with
 * `status` as JSON, the CLI prints the message; neither logs it as a failure.
 */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
