import { z } from 'zod';

/**
 * Size limits shared by the address book commands: a phone's address book of 5,000 entries is
 * normal; past 10,000 the request is refused with a message saying so.
 */
export const maxAddressBookEntries = 10_000;
export const maxAddressLength = 64;
export const maxContactNameLength = 256;

export const msisdnField = z.string().max(maxAddressLength, `a number is at most ${maxAddressLength} characters`);

export function addressBookList<Entry extends z.ZodType>(entry: Entry, field: string) {
  return z
    .array(entry)
    .max(maxAddressBookEntries, `${field} holds at most ${maxAddressBookEntries.toLocaleString('en')} entries per request`);
}
