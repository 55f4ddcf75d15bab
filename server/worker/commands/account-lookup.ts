import { log } from '../../log';
import { type CommandContext } from '../command';
import { failure, type ResponsePayload } from '@/lib/protocol/response';
import { errorCodes } from '../error-codes';

export type AccountLookup = { ok: true; registered: Set<string> } | { ok: false; refusal: ResponsePayload };

/**
 * The one account-store lookup of an address book command: which of `localparts` are registered
 * on the sender's domain. The sender's own localpart rides in the same query, so the command can
 * refuse, at no extra cost, a sender that is no longer an account (a session Prosody kept open
 * after the account was deleted): it must not learn who uses the service, nor have a roster
 * written for an account that does not exist.
 */
export async function lookUpAccounts(ctx: CommandContext, localparts: readonly string[]): Promise<AccountLookup> {
  let registered: Set<string>;
  try {
    // Not deduplicated: the directory answers a set, and a name asked twice costs less than a set of 5,000.
    registered = await ctx.directory.registered(ctx.sender.domain, [ctx.sender.local, ...localparts]);
  } catch (err) {
    log.error('directory.lookup_failed', { stanzaId: ctx.stanzaId, sender: ctx.sender.bare, err });
    return { ok: false, refusal: failure(errorCodes.sqlError, 'The account store could not be read; try again later.') };
  }
  // The chain's command log line records this answer; it is the client's state, not a failure of ours.
  if (!registered.has(ctx.sender.local)) {
    return {
      ok: false,
      refusal: failure(errorCodes.noUserFound, `${ctx.sender.bare} is not a registered account of ${ctx.sender.domain}.`),
    };
  }
  return { ok: true, registered };
}
