import { z } from 'zod';
import { normalizeMsisdns } from '../../directory/msisdn';
import { log } from '../../log';
import { defineCommand, failure, ok } from '../command';
import { errorCodes } from '../error-codes';
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
    let registered: Set<string>;
    try {
      registered = await ctx.directory.registered(ctx.sender.domain, [...new Set(numbers.map((number) => number.localpart))]);
    } catch (err) {
      log.error('directory.lookup_failed', { stanzaId: ctx.stanzaId, sender: ctx.sender.bare, err });
      return failure(errorCodes.sqlError, 'The account store could not be read; try again later.');
    }
    return ok({ userList: numbers.filter((number) => registered.has(number.localpart)).map((number) => number.sent), invalid });
  },
});
