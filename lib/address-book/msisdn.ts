/**
 * Phone numbers as mobile address books hold them (`+39 347-111 1111`, `(0039) 347.1111111`)
 * become the international form that Prosody accounts are named by (`00393471111111`).
 */
const separators = /[\s\-.()/]/g;
const internationalDigits = /^\d{3,20}$/;

/** The account localpart for a number, or undefined when it is not a phone number at all. */
export function normalizeMsisdn(raw: string): string | undefined {
  const compact = raw.replace(separators, '');
  const digits = compact.startsWith('+') ? `00${compact.slice(1)}` : compact;
  return internationalDigits.test(digits) ? digits : undefined;
}

export interface NormalizedNumber {
  /** Exactly as the client sent it: answers echo this form. */
  sent: string;
  localpart: string;
}

export interface SplitNumbers {
  numbers: NormalizedNumber[];
  /** Entries that are not phone numbers, as sent. */
  invalid: string[];
}

/**
 * Splits a client's list into numbers that can be looked up and the entries that cannot, adding
 * to `into` (so that a long list can be split a part at a time, in order).
 */
export function normalizeMsisdns(list: readonly string[], into: SplitNumbers = { numbers: [], invalid: [] }): SplitNumbers {
  for (const sent of list) {
    const localpart = normalizeMsisdn(sent);
    if (localpart === undefined) into.invalid.push(sent);
    else into.numbers.push({ sent, localpart });
  }
  return into;
}
