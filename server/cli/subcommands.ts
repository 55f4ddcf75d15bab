import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { newOperatorSchema } from '../auth/inputs';
import { editDraft } from '../buddies/draft';
import { exportJson, listVersions, loadTree, publishReviewedDraft } from '../buddies/versions';
import { latestVersion } from '../buddies/repository';
import { channelInputSchema, createChannel, deleteChannel, findChannelByName, listChannelsWithCounts } from '../channels/admin';
import { ensureDomain, findDomain, type Domain } from '../domains';
import { Refusal } from '../../lib/refusal';
import { createOperator } from '../operators/repository';
import { readServiceStatus } from '../status/service-status';
import { deleteRule, listRules, setRule } from '../version-rules/rules';
import { versionRuleInputSchema } from '../version-rules/rule-input';
import { optionalNumber, requiredOption, UsageError, type CliCommand, type CliContext } from './context';

/**
 * The domain of `--domain`, XMPP_DOMAIN when it is not given. The served domain is created on
 * first use (as `npm start` would); any other must exist, so that a typo creates nothing.
 */
async function domainOf(ctx: CliContext): Promise<Domain> {
  const name = typeof ctx.options.domain === 'string' ? ctx.options.domain : ctx.settings.XMPP_DOMAIN;
  if (name.toLowerCase() === ctx.settings.XMPP_DOMAIN.toLowerCase()) return ensureDomain(ctx.db, name);
  const domain = await findDomain(ctx.db, name);
  if (!domain) throw new Refusal(404, `There is no domain "${name}" (this installation serves ${ctx.settings.XMPP_DOMAIN}).`);
  return domain;
}

/** Validation problems as one readable line, like the console's field messages. */
function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new UsageError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; '));
  return parsed.data;
}

export const commands: CliCommand[] = [
  {
    name: 'buddies export',
    usage: 'buddies export [--domain D] [--version N|draft] [--out FILE]   the spec JSON (default: the latest published version)',
    async run(ctx) {
      const domain = await domainOf(ctx);
      const wanted = ctx.options.version;
      const latest = await latestVersion(ctx.db, domain.id);
      const ref = wanted === 'draft' ? 'draft' : wanted !== undefined ? optionalNumber(ctx, 'version')! : (latest?.number ?? 'draft');
      const json = await exportJson(ctx.db, domain.id, ref);
      if (typeof ctx.options.out !== 'string') return json;
      await writeFile(ctx.options.out, json);
      return { domain: domain.name, exported: ref, file: ctx.options.out };
    },
  },
  {
    name: 'buddies import',
    usage:
      'buddies import [--domain D] --file FILE|-   replaces the draft with a buddies JSON (non-strict JSON accepted); publish to serve it',
    async run(ctx) {
      const domain = await domainOf(ctx);
      const file = requiredOption(ctx, 'file');
      const json = file === '-' ? await ctx.readStdin() : await readFile(file, 'utf8');
      const edit = await editDraft(ctx.db, domain.id, domain.draftRevision, ctx.actor, { kind: 'import', json });
      const topLevelItems = (await loadTree(ctx.db, domain.id, 'draft')).length;
      return { domain: domain.name, draftRevision: edit.draft.revision, topLevelItems };
    },
  },
  {
    name: 'buddies publish',
    usage: 'buddies publish [--domain D]   publishes the draft as the next version',
    async run(ctx) {
      const domain = await domainOf(ctx);
      const published = await publishReviewedDraft(
        ctx.db,
        domain.id,
        domain.draftRevision,
        ctx.actor,
        ctx.settings.XMPP_STANZA_LIMIT_BYTES,
      );
      return { domain: domain.name, version: published.version };
    },
  },
  {
    name: 'buddies versions',
    usage: 'buddies versions [--domain D]   published versions, newest first',
    async run(ctx) {
      return listVersions(ctx.db, (await domainOf(ctx)).id);
    },
  },
  {
    name: 'channels list',
    usage: 'channels list [--domain D]',
    async run(ctx) {
      const channels = await listChannelsWithCounts(ctx.db, (await domainOf(ctx)).id);
      return channels.map(({ name, description, subscribers }) => ({ name, description, subscribers }));
    },
  },
  {
    name: 'channels create',
    usage: 'channels create [--domain D] --name NAME [--description TEXT]',
    async run(ctx) {
      const domain = await domainOf(ctx);
      const input = parseInput(channelInputSchema, { name: ctx.options.name, description: ctx.options.description ?? '' });
      const { name, description } = await createChannel(ctx.db, ctx.actor, domain.id, input);
      return { domain: domain.name, created: { name, description } };
    },
  },
  {
    name: 'channels delete',
    usage: 'channels delete [--domain D] --name NAME   also deletes its subscriptions',
    async run(ctx) {
      const domain = await domainOf(ctx);
      const channel = await findChannelByName(ctx.db, domain.id, requiredOption(ctx, 'name'));
      const deleted = await deleteChannel(ctx.db, ctx.actor, domain.id, channel.id);
      return { domain: domain.name, deleted: { name: deleted.name, subscribers: deleted.subscribers } };
    },
  },
  {
    name: 'version-rules list',
    usage: 'version-rules list',
    run: (ctx) => listRules(ctx.db),
  },
  {
    name: 'version-rules set',
    usage:
      'version-rules set --os OS --package PKG --link URL [--min-build N] [--min-api N] [--recommended-build N] [--must-message T] [--should-message T]',
    async run(ctx) {
      const input = parseInput(versionRuleInputSchema, {
        osCode: ctx.options.os,
        packageName: ctx.options.package,
        minBuild: optionalNumber(ctx, 'min-build'),
        minApiVersion: optionalNumber(ctx, 'min-api'),
        recommendedBuild: optionalNumber(ctx, 'recommended-build'),
        downloadLink: ctx.options.link,
        mustUpgradeMessage: ctx.options['must-message'] ?? 'Unaccepted version of client',
        shouldUpgradeMessage: ctx.options['should-message'] ?? 'A new version of the app is available',
      });
      return setRule(ctx.db, ctx.actor, input);
    },
  },
  {
    name: 'version-rules delete',
    usage: 'version-rules delete --os OS --package PKG',
    async run(ctx) {
      const osCode = requiredOption(ctx, 'os').toUpperCase();
      const packageName = requiredOption(ctx, 'package');
      const rule = (await listRules(ctx.db)).find((candidate) => candidate.osCode === osCode && candidate.packageName === packageName);
      if (!rule) throw new Refusal(404, `There is no version rule for ${osCode} ${packageName}.`);
      await deleteRule(ctx.db, ctx.actor, rule.id);
      return { deleted: { osCode, packageName } };
    },
  },
  {
    name: 'workers',
    usage:
      'workers   the XMPP workers that report to this database, by the server (cluster node) they connect to: live ones and those gone (stopped heartbeating)',
    async run(ctx) {
      const { workers } = await readServiceStatus(ctx.db);
      return workers.map((worker) => ({
        id: worker.workerId,
        server: worker.service,
        host: worker.host,
        component: worker.componentJid,
        connected: worker.connected && !worker.stale,
        state: worker.stale ? 'gone' : worker.connected ? 'connected' : 'disconnected',
        lastHeartbeat: worker.heartbeatAt.toISOString(),
        commandsPerMinute: worker.commandsPerMinute,
      }));
    },
  },
  {
    name: 'operator create',
    usage: 'operator create --email E --role admin|editor|viewer [--name N] --password-stdin   the password is read from standard input',
    async run(ctx) {
      if (ctx.options['password-stdin'] !== true)
        throw new UsageError('Pass --password-stdin and pipe the password in: it never goes on the command line.');
      const password = (await ctx.readStdin()).replace(/\r?\n$/, '');
      const input = parseInput(newOperatorSchema, {
        email: ctx.options.email,
        role: ctx.options.role,
        name: ctx.options.name ?? '',
        password,
      });
      const { email, role, name } = await createOperator(ctx.db, ctx.actor, input);
      return { created: { email, role, name } };
    },
  },
];

export const optionNames = [
  'domain',
  'version',
  'out',
  'file',
  'name',
  'description',
  'os',
  'package',
  'link',
  'min-build',
  'min-api',
  'recommended-build',
  'must-message',
  'should-message',
  'email',
  'role',
] as const;
