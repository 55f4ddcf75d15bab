/**
 * Every errorCode the worker answers. The first three are the spec's; the others are ours for
 * what the spec leaves open. docs/protocol.md has the same table: change both together.
 */
export const errorCodes = {
  /** The database (or Prosody's account store) failed or could not be reached. */
  sqlError: 'SQL_ERROR',
  /** The sender is not a user (a JID without a local part, such as a server or a component). */
  noUserFound: 'NO_USER_FOUND',
  /** cmd_subscribe_to_channel / cmd_unsubscribe_to_channel named no channel of the sender's domain. */
  noChannelFound: 'NO_CHANNEL_FOUND',
  /** The payload is not JSON/JSON5, not an object, or does not have the command's fields and types. */
  invalidPayload: 'INVALID_PAYLOAD',
  /** The request's type names no command. */
  unknownCommand: 'UNKNOWN_COMMAND',
  /** The payload is larger than maxPayloadBytes. */
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  /** The sender's domain is not one the service serves (no row in `domains`). */
  domainNotServed: 'DOMAIN_NOT_SERVED',
  /** The server refused or did not answer a XEP-0356 roster request (cmd_add_to_roster). */
  rosterError: 'ROSTER_ERROR',
  /**
   * The worker had more requests waiting than it could start in time (a flood): nothing was done,
   * retry after a few seconds with backoff. Not a database failure.
   */
  serviceBusy: 'SERVICE_BUSY',
  /** The command did not finish within the worker's deadline. */
  timeout: 'TIMEOUT',
  /** An unexpected failure inside the worker; logged with the stanza id. */
  internalError: 'INTERNAL_ERROR',
} as const;

export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes];

/** Failures on the service's side, not the client's: each is listed on the console's status page. */
export const serviceFailureCodes: ReadonlySet<string> = new Set([
  errorCodes.sqlError,
  errorCodes.rosterError,
  errorCodes.serviceBusy,
  errorCodes.timeout,
  errorCodes.internalError,
]);
