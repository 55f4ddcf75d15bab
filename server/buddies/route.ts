import type { z } from 'zod';
import { systemActor, type Actor } from '../audit';
import { findDomain, type Domain } from '../domains';
import { ApiError, apiRoute, type ApiContext } from '../http/api';
import { BuddiesError } from './errors';
import type { TreeRef } from './versions';

/**
 * The buddies API routes: `apiRoute` plus the domain named in the path (404 when unknown), the actor
 * to record, and the buddies service's refusals answered with their status and details.
 */
export interface BuddiesContext<Body> extends ApiContext<Body> {
  domain: Domain;
  actor: Actor;
}

export function buddiesRoute<Body = undefined>(
  options: { body?: z.ZodType<Body> },
  handler: (ctx: BuddiesContext<Body>) => Promise<unknown>,
) {
  return apiRoute(options, async (ctx) => {
    const domain = await findDomain(ctx.db, ctx.params.domain ?? '');
    if (!domain) throw new ApiError(404, `There is no domain "${ctx.params.domain}".`);
    try {
      return await handler({ ...ctx, domain, actor: systemActor });
    } catch (error) {
      if (error instanceof BuddiesError) throw new ApiError(error.status, error.message, error.details);
      throw error;
    }
  });
}

/** `draft`, `empty` or a positive version number, from a query or path parameter. */
export function treeRefParam(value: string | null | undefined): TreeRef {
  if (!value || value === 'draft') return 'draft';
  if (value === 'empty') return 'empty';
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new ApiError(400, `"${value}" is not "draft", "empty" or a version number.`);
  return number;
}
