import type { DbOrTx } from '@/db/client';
import { findDomain, type Domain } from '../domains';
import { ApiError } from './api';

/** A positive integer id from the path, or 400. */
export function idParam(value: string | undefined, what: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1) throw new ApiError(400, `"${value}" is not a valid ${what} id.`);
  return id;
}

/** The domain named in the path, or 404. */
export async function domainParam(db: DbOrTx, name: string | undefined): Promise<Domain> {
  const domain = await findDomain(db, name ?? '');
  if (!domain) throw new ApiError(404, `There is no domain "${name}".`);
  return domain;
}

/** `?page=` as a positive page number (1 when absent or invalid). */
export function pageParam(searchParams: URLSearchParams): number {
  const page = Number(searchParams.get('page') ?? 1);
  return Number.isInteger(page) && page > 0 ? page : 1;
}
