import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** A tenant: the XMPP host its users belong to (the part after @ in their JID). */
export const domains = pgTable('domains', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  /** Bumped by every change to the draft tree, so that a stale editor is refused instead of overwriting. */
  draftRevision: integer('draft_revision').notNull().default(0),
  createdAt: createdAt(),
});

export const buddyNodeKind = pgEnum('buddy_node_kind', ['group', 'channel']);

/**
 * The draft buddies tree. A channel is a leaf: the parent is referenced together with its kind,
 * and that kind must be 'group', so the database itself refuses a child under a channel (and a
 * group with children cannot turn into a channel: the cascade would break the check).
 * Sibling positions are unique per parent (a deferred constraint added in migration 0001, so a
 * reorder can shift many rows inside one transaction).
 */
export const buddyNodes = pgTable(
  'buddy_nodes',
  {
    id: serial('id').primaryKey(),
    domainId: integer('domain_id')
      .notNull()
      .references(() => domains.id, { onDelete: 'cascade' }),
    parentId: integer('parent_id'),
    parentKind: buddyNodeKind('parent_kind'),
    position: integer('position').notNull(),
    kind: buddyNodeKind('kind').notNull(),
    address: text('address').notNull(),
    serverAddress: text('server_address'),
    name: text('name').notNull().default(''),
    status: text('status').notNull().default(''),
    imageUrl: text('image_url').notNull().default(''),
    thumbUrl: text('thumb_url').notNull().default(''),
    defaultMessage: text('default_message').notNull().default(''),
    mobileIsPublished: boolean('mobile_is_published').notNull().default(false),
    webIsPublished: boolean('web_is_published').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('buddy_nodes_domain_address_unique').on(table.domainId, table.address),
    unique('buddy_nodes_id_kind_unique').on(table.id, table.kind),
    foreignKey({
      name: 'buddy_nodes_parent_fk',
      columns: [table.parentId, table.parentKind],
      foreignColumns: [table.id, table.kind],
    })
      .onDelete('cascade')
      .onUpdate('cascade'),
    check('buddy_nodes_parent_is_group', sql`${table.parentKind} IS NULL OR ${table.parentKind} = 'group'`),
    check('buddy_nodes_parent_kind_given', sql`(${table.parentId} IS NULL) = (${table.parentKind} IS NULL)`),
    check('buddy_nodes_position_not_negative', sql`${table.position} >= 0`),
    check('buddy_nodes_address_not_blank', sql`length(trim(${table.address})) > 0`),
  ],
);

/** An immutable published version of a domain's tree: exactly the JSON served in the vCard DESC. */
export const buddyVersions = pgTable(
  'buddy_versions',
  {
    id: serial('id').primaryKey(),
    domainId: integer('domain_id')
      .notNull()
      .references(() => domains.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    json: text('json').notNull(),
    publishedBy: text('published_by').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when this version re-publishes an older one. */
    rolledBackFrom: integer('rolled_back_from'),
  },
  (table) => [
    unique('buddy_versions_domain_number_unique').on(table.domainId, table.number),
    check('buddy_versions_number_positive', sql`${table.number} > 0`),
  ],
);

/** Which client builds must or should upgrade, per OS and app package. */
export const versionRules = pgTable(
  'version_rules',
  {
    id: serial('id').primaryKey(),
    osCode: text('os_code').notNull(),
    packageName: text('package_name').notNull(),
    minBuild: integer('min_build'),
    minApiVersion: integer('min_api_version'),
    recommendedBuild: integer('recommended_build'),
    downloadLink: text('download_link').notNull().default(''),
    mustUpgradeMessage: text('must_upgrade_message').notNull().default('Unaccepted version of client'),
    shouldUpgradeMessage: text('should_upgrade_message').notNull().default('A new version of the app is available'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('version_rules_os_package_unique').on(table.osCode, table.packageName),
    check(
      'version_rules_recommended_not_below_minimum',
      sql`${table.recommendedBuild} IS NULL OR ${table.minBuild} IS NULL OR ${table.recommendedBuild} >= ${table.minBuild}`,
    ),
  ],
);

export const channels = pgTable(
  'channels',
  {
    id: serial('id').primaryKey(),
    domainId: integer('domain_id')
      .notNull()
      .references(() => domains.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: createdAt(),
  },
  (table) => [
    unique('channels_domain_name_unique').on(table.domainId, table.name),
    check('channels_name_not_blank', sql`length(trim(${table.name})) > 0`),
  ],
);

export const channelSubscriptions = pgTable(
  'channel_subscriptions',
  {
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    /** Bare JID of the subscriber, as the XMPP server authenticated it. */
    userJid: text('user_jid').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.channelId, table.userJid] }), index('channel_subscriptions_user_idx').on(table.userJid)],
);

export const operatorRole = pgEnum('operator_role', ['admin', 'editor', 'viewer']);

export const operators = pgTable('operators', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull().default(''),
  role: operatorRole('role').notNull(),
  passwordHash: text('password_hash').notNull(),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  createdAt: createdAt(),
});

export const operatorSessions = pgTable(
  'operator_sessions',
  {
    /** SHA-256 of the cookie token: a leaked table does not leak usable sessions. */
    tokenHash: text('token_hash').primaryKey(),
    operatorId: integer('operator_id')
      .notNull()
      .references(() => operators.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    userAgent: text('user_agent').notNull().default(''),
  },
  (table) => [index('operator_sessions_operator_idx').on(table.operatorId)],
);

/** Every change made through the console, the CLI or the seed: who, what, before and after. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    operatorId: integer('operator_id').references(() => operators.id, { onDelete: 'set null' }),
    domainId: integer('domain_id').references(() => domains.id, { onDelete: 'set null' }),
    objectType: text('object_type').notNull(),
    objectId: text('object_id').notNull(),
    action: text('action').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (table) => [index('audit_log_at_idx').on(table.at), index('audit_log_object_idx').on(table.objectType, table.at)],
);

/** What each running worker reports about its XMPP connection; read by the status page. */
export const workerStatus = pgTable('worker_status', {
  /** `<host>/<pid>/<random>`: one row per worker process, removed when it stops cleanly. */
  workerId: text('worker_id').primaryKey(),
  /** The machine the worker runs on (the first part of its id). */
  host: text('host').notNull().default(''),
  componentJid: text('component_jid').notNull(),
  service: text('service').notNull(),
  connected: boolean('connected').notNull(),
  connectedSince: timestamp('connected_since', { withTimezone: true }),
  lastError: text('last_error'),
  lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Per-minute counters of commands answered, per worker. */
export const commandMetrics = pgTable(
  'command_metrics',
  {
    minute: timestamp('minute', { withTimezone: true }).notNull(),
    command: text('command').notNull(),
    workerId: text('worker_id').notNull().default(''),
    count: integer('count').notNull().default(0),
    errors: integer('errors').notNull().default(0),
    totalMicros: bigint('total_micros', { mode: 'number' }).notNull().default(0),
    maxMicros: bigint('max_micros', { mode: 'number' }).notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.minute, table.command, table.workerId] })],
);

export const workerErrors = pgTable(
  'worker_errors',
  {
    id: serial('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    workerId: text('worker_id').notNull(),
    message: text('message').notNull(),
  },
  (table) => [index('worker_errors_at_idx').on(table.at)],
);
