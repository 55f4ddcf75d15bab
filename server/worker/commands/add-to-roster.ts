import { z } from 'zod';
import { normalizeMsisdns } from '../../../lib/address-book/msisdn';
import { log } from '../../log';
import { planRosterSync, type SyncDecision } from '../../../lib/address-book/roster-sync-plan';
import { defineCommand, type CommandContext } from '../command';
import { failure, ok, type RosterItem } from '@/lib/protocol/response';
import { errorCodes } from '../error-codes';
import { rosterFailureReason } from '../roster';
import { lookUpAccounts } from './account-lookup';
import { addressBookList, maxContactNameLength, msisdnField } from './address-book-limits';

/** Roster writes in flight at once: enough to hide round trips, few enough not to flood the server. */
const writeConcurrency = 4;

type RosterRead = { ok: true; items: RosterItem[] } | { ok: false; err: unknown };
type Write = Extract<SyncDecision, { action: 'add' | 'update' }>;

/**
 * cmd_add_to_roster: writes the address book into the sender's own roster with XEP-0356, by the
 * rules of server/roster/sync-plan.ts: one roster get and one directory lookup side by side, then one set per item
 * that must change. The answer lists what was added and updated and what was skipped, and why.
 * Running it again is harmless: what is already right is not written.
 */
export const addToRoster = defineCommand({
  name: 'cmd_add_to_roster',
  payload: z.object({
    channelUsers: addressBookList(
      z.object({
        name: z.string().trim().max(maxContactNameLength, `a name is at most ${maxContactNameLength} characters`),
        address: msisdnField,
      }),
      'channelUsers',
    ),
  }),
  async handle({ channelUsers }, ctx) {
    const logFields = { stanzaId: ctx.stanzaId, sender: ctx.sender.bare };
    // Both reads at once: neither writes, and the account store's answer decides first.
    const [accounts, roster] = await Promise.all([
      lookUpAccounts(
        ctx,
        normalizeMsisdns(channelUsers.map((entry) => entry.address)).numbers.map((number) => number.localpart),
      ),
      ctx.roster.get().then(
        (items): RosterRead => ({ ok: true, items }),
        (err: unknown): RosterRead => ({ ok: false, err }),
      ),
    ]);
    if (!accounts.ok) return accounts.refusal;
    if (!roster.ok) {
      log.error('roster.read_failed', { ...logFields, err: roster.err });
      return failure(
        errorCodes.rosterError,
        `Your roster could not be read (${rosterFailureReason(roster.err)}); nothing was written. Try again later.`,
      );
    }
    const decisions = planRosterSync({
      roster: roster.items,
      entries: channelUsers,
      registered: accounts.registered,
      sender: ctx.sender,
      groups: { contacts: ctx.settings.ROSTER_GROUP_CONTACTS, others: ctx.settings.ROSTER_GROUP_OTHERS },
    });

    const writes = decisions.filter((decision): decision is Write => decision.action !== 'skip');
    const { written, error } = await writeAll(ctx, writes);
    const outcome = {
      added: written.filter((write) => write.action === 'add').map((write) => write.address),
      updated: written.filter((write) => write.action === 'update').map((write) => write.address),
      skipped: decisions.flatMap((decision) =>
        decision.action === 'skip' ? [{ address: decision.address, reason: decision.reason }] : [],
      ),
    };
    if (error !== undefined) {
      log.error('roster.write_failed', { ...logFields, written: written.length, planned: writes.length, err: error });
      return failure(
        errorCodes.rosterError,
        `Your roster could not be fully written (${rosterFailureReason(error)}): ${written.length} of ${writes.length} changes were made, ` +
          'listed in added and updated. Send the request again to complete it.',
        outcome,
      );
    }
    return ok(outcome);
  },
});

/** Writes in request order with a few in flight; the first failure stops further writes. */
async function writeAll(ctx: CommandContext, writes: Write[]): Promise<{ written: Write[]; error?: unknown }> {
  const done = new Set<Write>();
  let next = 0;
  let error: unknown;
  const worker = async () => {
    while (error === undefined && next < writes.length) {
      const write = writes[next++]!;
      try {
        await ctx.roster.set(write.item);
        done.add(write);
      } catch (err) {
        error ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(writeConcurrency, writes.length) }, worker));
  return { written: writes.filter((write) => done.has(write)), error };
}
