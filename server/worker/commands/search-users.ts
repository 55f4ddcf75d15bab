import { z } from 'zod';
import { normalizeMsisdns, type SplitNumbers } from '../../../lib/address-book/msisdn';
import { inSlices } from '../../turns';
import { defineCommand } from '../command';
import { ok } from '@/lib/protocol/response';
import { lookUpAccounts } from './account-lookup';
import { addressBookList, msisdnField } from './address-book-limits';

/**
 * cmd_search_users: which of the given phone numbers are registered users of the sender's domain.
 * One directory lookup for the whole list; numbers are matched in their international `00…` form
 * and answered as the client sent them. Entries that are not phone numbers come back in `invalid`.
 */
export const searchUsers = defineCommand({
  name: 'cmd_search_users',
  payload: z.object({ userList: addressBookList(msisdnField, 'userList') }),
  async handle({ userList }, ctx) {
    // A slice at a time: 5,000 numbers take milliseconds, other users' stanzas are answered between.
    const split: SplitNumbers = { numbers: [], invalid: [] };
    await inSlices([...new Set(userList)], (slice) => normalizeMsisdns(slice, split));
    const { numbers, invalid } = split;
    const accounts = await lookUpAccounts(
      ctx,
      numbers.map((number) => number.localpart),
    );
    if (!accounts.ok) return accounts.refusal;
    return ok({ userList: numbers.filter((number) => accounts.registered.has(number.localpart)).map((number) => number.sent), invalid });
  },
});
