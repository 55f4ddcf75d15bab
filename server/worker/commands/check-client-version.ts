import { z } from 'zod';
import { evaluateClientVersion } from '../../../lib/version-rules/evaluate';
import { findRulesFor } from '../../version-rules/repository';
import { defineCommand } from '../command';

const version = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * cmd_check_client_version: -1 must upgrade, 1 should upgrade, 0 up to date, by the rules of
 * server/version-rules/evaluate.ts (the console's simulator answers with the same function).
 * The spec's example request also carries status/errorCode/errorMessage: extra fields are ignored.
 */
export const checkClientVersion = defineCommand({
  name: 'cmd_check_client_version',
  payload: z.object({
    osCode: z.string().trim().min(1).max(64),
    packageName: z.string().trim().min(1).max(256),
    buildNumber: version,
    apiVersion: version,
  }),
  async handle(request, ctx) {
    return evaluateClientVersion(await findRulesFor(ctx.db, request.osCode, request.packageName), request);
  },
});
