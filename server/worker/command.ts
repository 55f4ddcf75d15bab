import type { z } from 'zod';
import type { Db } from '@/db/client';
import type { Settings } from '../config';
import type { ResponsePayload, RosterItem } from '@/lib/protocol/response';
import type { AccountDirectory } from '../directory/account-directory';
import type { ServedData, ServedDomain } from './served-data';

/**
 * The contract of every protocol command: a payload schema and a small function from the parsed
 * payload and the context to the response payload. Handlers live one per file in ./commands and
 * are registered in ./commands/index.ts; the middleware chain does parsing, sender checks,
 * replying, logging and metrics once for all of them.
 */
export interface Sender {
  /** Full JID the server stamped on the stanza: where the reply goes. */
  full: string;
  /** Bare JID (local@domain): the identity a command acts for. */
  bare: string;
  local: string;
  domain: string;
}

/** XEP-0356 roster access, always scoped to the sender: a command cannot name another user. */
export interface SenderRoster {
  get(): Promise<RosterItem[]>;
  set(item: RosterItem): Promise<void>;
}

export interface CommandContext {
  db: Db;
  settings: Settings;
  sender: Sender;
  /** The served domain the sender belongs to. */
  domain: ServedDomain;
  stanzaId: string;
  roster: SenderRoster;
  directory: AccountDirectory;
  /** Reads kept in memory and replaced when operators change them (the domain's channel names). */
  served: Pick<ServedData, 'channels'>;
}

export interface CommandHandler<Payload> {
  name: string;
  payload: z.ZodType<Payload>;
  handle(payload: Payload, ctx: CommandContext): Promise<ResponsePayload>;
}

/** Identity for type inference when declaring a handler in its own file. */
export function defineCommand<Payload>(handler: CommandHandler<Payload>): CommandHandler<Payload> {
  return handler;
}
