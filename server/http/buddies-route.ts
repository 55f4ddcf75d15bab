import { Refusal } from '@/lib/refusal';
import { z } from 'zod';
import type { Role } from '../../lib/auth/roles';
import { findDomain, type Domain } from '../domains';
import { apiRoute, type ApiContext } from './api';
import { maxStoredInteger, positiveInteger } from './params';
import type { TreeRef } from '../buddies/versions';

/**
 * The buddies API routes: `apiRoute` (signed in; viewers read, editors write) plus the domain named
 * in the path, 404 when there is no such domain.
 */
export interface BuddiesContext<Body> extends ApiContext<Body> {
  domain: Domain;
}

export function buddiesRoute<Body = undefined>(
  options: { body?: z.ZodType<Body>; role?: Role },
  handler: (ctx: BuddiesContext<Body>) => Promise<unknown>,
) {
  return apiRoute(options, async (ctx) => {
    const domain = await findDomain(ctx.db, ctx.params.domain ?? '');
    if (!domain) throw new Refusal(404, `There is no domain "${ctx.params.domain}".`);
    return handler({ ...ctx, domain });
  });
}

/** `draft`, `empty` or a positive version number, from a query or path parameter. */
export function treeRefParam(value: string | null | undefined): TreeRef {
  if (!value || value === 'draft') return 'draft';
  if (value === 'empty') return 'empty';
  const number = positiveInteger(value);
  if (number === undefined) throw new Refusal(400, `"${value}" is not "draft", "empty" or a version number.`);
  return number;
}

/** The draft revision an edit, a publish or a rollback was made against (a stored integer). */
export const revisionBody = z.object({ revision: z.number().int().min(0).max(maxStoredInteger) });
