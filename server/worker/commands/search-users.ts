import { z } from 'zod';
import { normalizeMsisdns } from '../../../lib/address-book/msisdn';
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
    const { numbers, invalid } = normalizeMsisdns([...new Set(userList)]);
    const accounts = await lookUpAccounts(
      ctx,
      numbers.map((number) => number.localpart),
    );
    if (!accounts.ok) return accounts.refusal;
    return ok({ userList: numbers.filter((number) => accounts.registered.has(number.localpart)).map((number) => number.sent), invalid });
  },
});
