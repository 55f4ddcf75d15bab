import { z } from 'zod';
import { parseProxyEntry } from './proxy-entry';

/**
 * Every setting of the product, read once from the environment and validated here.
 * The README's settings table mirrors this schema: change both together.
 */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
/** Comma-separated IP addresses and CIDR blocks; empty or unset trusts no proxy. */
const proxyList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .superRefine((entries, context) => {
    for (const entry of entries.filter((candidate) => !parseProxyEntry(candidate))) {
      context.addIssue({ code: 'custom', message: `"${entry}" is not an IP address or CIDR block (e.g. 10.0.0.5, 10.0.0.0/8, fd00::/8)` });
    }
  });
const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/** What the private Prosody allows a stanza (c2s and component); an existing server states its own. */
export const defaultStanzaLimitBytes = 2 * 1024 * 1024;

const settingsSchema = z.object({
  DATABASE_URL: optionalText,
  PGLITE_DIR: z.string().default('.data/pglite'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  PORT: port(3000),
  HOSTNAME: z.string().default('localhost'),
  TRUSTED_PROXIES: proxyList,

  // `off`: `npm start` runs the console alone (no private Prosody, no worker); workers run elsewhere (`npm run worker`).
  XMPP_WORKER: z.enum(['embedded', 'off']).default('embedded'),
  XMPP_DOMAIN: z.string().default('localhost'),
  XMPP_COMPONENT_JID: z.string().default('xmpp-service.localhost'),
  XMPP_COMPONENT_SERVICE: optionalText,
  XMPP_COMPONENT_SECRET: optionalText,
  XMPP_ACCOUNT_STORE: optionalText,
  XMPP_SERVER: z.enum(['prosody', 'ejabberd']).default('prosody'),
  EJABBERD_API_URL: optionalText,
  // The server's component_stanza_size_limit: a vCard over it would make the server drop the component.
  XMPP_STANZA_LIMIT_BYTES: z.coerce.number().int().min(10_000).default(defaultStanzaLimitBytes),

  PROSODY_DATA_DIR: z.string().default('.data/prosody'),
  PROSODY_C2S_PORT: port(5222),
  PROSODY_COMPONENT_PORT: port(5347),

  ROSTER_GROUP_CONTACTS: z.string().min(1).default('CONTACTS'),
  ROSTER_GROUP_OTHERS: z.string().min(1).default('OTHERS'),

  ADMIN_EMAIL: optionalText,
  ADMIN_PASSWORD: optionalText,
  SEED_DEMO_DATA: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Settings = z.infer<typeof settingsSchema>;

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid settings in the environment: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Whether `name` was given in the environment, rather than left to its default. */
export function isSet(name: keyof Settings, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env[name] ?? '').trim() !== '';
}

let cached: Settings | undefined;
export function settings(): Settings {
  cached ??= readSettings();
  return cached;
}
