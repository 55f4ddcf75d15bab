import { Refusal } from '@/lib/refusal';
import type { DbOrTx } from '@/db/client';
import { findDomain, type Domain } from '../domains';

/**
 * Path and query parameters: anything malformed or out of range is the caller's error (400), never
 * a query the database refuses (500). Ids and version numbers are PostgreSQL `integer`s.
 */
export const maxStoredInteger = 2_147_483_647;
/** Past this page even the smallest page size skips more rows than any table here will hold. */
export const maxPage = 1_000_000;

/** A whole number from 1 to `max` written in plain digits, or undefined. `1e3`, `0x10`, `+1`, ` 1` are not. */
export function positiveInteger(value: string | null | undefined, max = maxStoredInteger): number | undefined {
  if (!value || !/^[0-9]{1,16}$/.test(value)) return undefined;
  const number = Number(value);
  return number >= 1 && number <= max ? number : undefined;
}

/** A positive integer id from the path, or 400. */
export function idParam(value: string | undefined, what: string): number {
  const id = positiveInteger(value);
  if (id === undefined) throw new Refusal(400, `"${value}" is not a valid ${what} id.`);
  return id;
}

/** The domain named in the path, or 404. */
export async function domainParam(db: DbOrTx, name: string | undefined): Promise<Domain> {
  const domain = await findDomain(db, name ?? '');
  if (!domain) throw new Refusal(404, `There is no domain "${name}".`);
  return domain;
}

/** `?page=` as a page number: 1 when absent or empty, 400 when it is not a page number. */
export function pageParam(searchParams: URLSearchParams): number {
  const value = searchParams.get('page');
  if (!value) return 1;
  const page = positiveInteger(value, maxPage);
  if (page === undefined) throw new Refusal(400, `"${value}" is not a page number (1 to ${maxPage.toLocaleString('en')}).`);
  return page;
}
