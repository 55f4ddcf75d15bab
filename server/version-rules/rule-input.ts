import { z } from 'zod';

const limit = z.number().int('Whole numbers only.').min(0, 'Cannot be negative.').max(2_147_483_647).nullable();
const message = (what: string) => z.string().trim().min(1, `Write the ${what} message.`).max(500, 'At most 500 characters.');

/**
 * A version rule as the console and the CLI write it. OS codes are stored upper-case (matching
 * ignores case anyway); an empty limit (null) does not apply.
 */
export const versionRuleInputSchema = z
  .object({
    osCode: z
      .string()
      .trim()
      .min(1, 'Name the OS code, e.g. ANDROID or IOS.')
      .max(50)
      .transform((value) => value.toUpperCase()),
    packageName: z.string().trim().min(1, 'Name the app package, e.g. com.example.chat.').max(200),
    minBuild: limit,
    minApiVersion: limit,
    recommendedBuild: limit,
    downloadLink: z.url({ protocol: /^https?$/, error: 'Give a http:// or https:// link to download the app.' }).max(2000),
    mustUpgradeMessage: message('must-upgrade'),
    shouldUpgradeMessage: message('should-upgrade'),
  })
  .refine((rule) => rule.recommendedBuild === null || rule.minBuild === null || rule.recommendedBuild >= rule.minBuild, {
    path: ['recommendedBuild'],
    message: 'The recommended build cannot be below the minimum build.',
  });

export type VersionRuleInput = z.infer<typeof versionRuleInputSchema>;

/** What a client sends with cmd_check_client_version, and what the simulator takes. */
export const clientVersionRequestSchema = z.object({
  osCode: z.string().trim().min(1).max(50),
  packageName: z.string().trim().min(1).max(200),
  buildNumber: z.number().int(),
  apiVersion: z.number().int(),
});
