import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { backoffDelay, type BackoffOptions } from '../backoff';
import { defaultStanzaLimitBytes } from '../config';

/**
 * A Prosody of our own: generated config, own ports on loopback, own data directory, no systemd.
 * `npm start` runs one for development when no external XMPP server is configured, and the tests
 * run one per suite on free ports.
 */
export interface PrivateProsodyOptions {
  dataDir: string;
  domains: string[];
  componentJid: string;
  componentSecret: string;
  c2sPort: number;
  componentPort: number;
  /** In-band registration (XEP-0077): development and tests only. */
  allowRegistration: boolean;
  /** Prosody's own SQL storage in PostgreSQL; without it Prosody keeps its files under dataDir. */
  sql?: { host: string; port: number; database: string; username: string; password: string };
  /**
   * The component's XEP-0356 roster access on every host (default `both`). Tests set less to see
   * how the service answers a server that refuses roster reads or writes.
   */
  rosterAccess?: RosterAccess;
  /** More XEP-0114 components of this server, without privileges (tests: senders that are not users). */
  otherComponents?: Array<{ jid: string; secret: string }>;
  /** c2s and component stanza size limit (default: the service's default XMPP_STANZA_LIMIT_BYTES). */
  stanzaLimitBytes?: number;
}

/** The process listening on a loopback port, as /proc tells (its arguments joined), when it can be found. */
export interface PortHolder {
  pid: number;
  command: string;
}

export class PortTakenError extends Error {
  constructor(
    readonly port: number,
    holder?: PortHolder,
  ) {
    super(
      `127.0.0.1:${port} is already taken by ${describeHolder(holder)}: stop it, or choose free ports with PROSODY_C2S_PORT and PROSODY_COMPONENT_PORT`,
    );
  }
}

/** Who holds a port, named as /proc names it, so that the refusal points at the real cause. */
function describeHolder(holder: PortHolder | undefined): string {
  if (!holder) return 'another program (one this user cannot see in /proc)';
  const named = `process ${holder.pid} (${holder.command})`;
  if (!/\bprosody\b/.test(holder.command)) return named;
  const config = /--config (\S+)/.exec(holder.command)?.[1];
  if (config && !config.startsWith('/etc/')) return `${named}, the private Prosody of another data directory (${dirname(config)})`;
  return `${named}, the system's Prosody (its Debian package's service: "service prosody stop")`;
}

/** The process listening on 127.0.0.1:port (or any address), from /proc/net and each process's sockets. */
export function portHolder(port: number): PortHolder | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const rows = existsSync(table) ? readFileSync(table, 'utf8').split('\n').slice(1) : [];
    for (const fields of rows.map((row) => row.trim().split(/\s+/))) {
      // fields: sl, local address:port, remote, state (0A: LISTEN), …, inode (the tenth)
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A') inodes.add(fields[9]!);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    const holds = fds.some((fd) => {
      try {
        return inodes.has(/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`))?.[1] ?? '');
      } catch {
        return false;
      }
    });
    if (holds) return { pid: Number(entry), command: (processArgs(Number(entry)) ?? []).join(' ').trim() };
  }
  return undefined;
}

/**
 * The private Prosody of this data directory is running, started by another live process (an
 * `npm start` or `npm run worker`), which connects its own worker to it.
 */
export class ProsodyInUseError extends Error {
  constructor(dir: string, pid: number, ownerPid: number) {
    super(
      `the private Prosody of ${dir} (process ${pid}) is already run by process ${ownerPid}, which connects its own worker to it, ` +
        'and Prosody accepts one connection per component: stop that process first, or give this one another PROSODY_DATA_DIR and free ports',
    );
  }
}

/** mod_privilege's roster permission values. */
export type RosterAccess = 'none' | 'get' | 'set' | 'both';

export class ProsodyMissingError extends Error {
  constructor() {
    super('Prosody is not installed: apt-get install -y prosody prosody-modules lua-dbi-postgresql');
  }
}

export function prosodyInstalled(): boolean {
  return spawnSync('sh', ['-c', 'command -v prosody && command -v prosodyctl'], { stdio: 'ignore' }).status === 0;
}

function luaString(value: string): string {
  return JSON.stringify(value);
}

export function prosodyConfig(options: PrivateProsodyOptions, paths: { data: string; log: string; pid: string; certs: string }): string {
  const storage = options.sql
    ? `storage = "sql"
sql = { driver = "PostgreSQL", database = ${luaString(options.sql.database)}, username = ${luaString(options.sql.username)}, password = ${luaString(options.sql.password)}, host = ${luaString(options.sql.host)}, port = ${options.sql.port} }`
    : 'storage = "internal"';
  const modules = ['roster', 'saslauth', 'disco', 'vcard_legacy', 'ping', 'private', ...(options.allowRegistration ? ['register'] : [])];
  const hosts = options.domains
    .map(
      (domain) => `VirtualHost ${luaString(domain)}
  modules_enabled = { "privilege" }
  privileged_entities = { [${luaString(options.componentJid)}] = { roster = ${luaString(options.rosterAccess ?? 'both')}; message = "outgoing"; } }
`,
    )
    .join('\n');
  const otherComponents = (options.otherComponents ?? [])
    .map((other) => `Component ${luaString(other.jid)}\n  component_secret = ${luaString(other.secret)}\n`)
    .join('\n');
  return `-- Generated by xmpp-service: private development/test server. Edits are overwritten at start.
pidfile = ${luaString(paths.pid)}
data_path = ${luaString(paths.data)}
log = { { levels = { min = "info" }, to = "file", filename = ${luaString(paths.log)} } }
-- No TLS, but Prosody indexes a certificate directory anyway and logs an error when there is none.
certificates = ${luaString(paths.certs)}
c2s_ports = { ${options.c2sPort} }
c2s_interfaces = { "127.0.0.1" }
component_ports = { ${options.componentPort} }
component_interface = "127.0.0.1"
s2s_ports = {}
http_ports = {}
https_ports = {}
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_hashed"
allow_registration = ${options.allowRegistration}
min_seconds_between_registrations = 0
-- Above the worker's 1 MiB payload limit, so that it (not Prosody) answers an oversized command.
c2s_stanza_size_limit = ${options.stanzaLimitBytes ?? defaultStanzaLimitBytes}
component_stanza_size_limit = ${options.stanzaLimitBytes ?? defaultStanzaLimitBytes}
-- Prosody writes a stanza over 8 KiB in pieces; with Nagle the rest waits for a delayed ACK (~40 ms).
network_settings = { nagle = false }
-- Prosody's own default starts a collection whenever its memory grows by 5 % (threshold 105), which
-- with address books (stanzas of ~85 KB) was over half of its CPU time: these halve it, for ~2 MB.
gc = { mode = "incremental", threshold = 150, speed = 200 }
modules_enabled = { ${modules.map(luaString).join('; ')} }
modules_disabled = { "s2s"; "tls" }
${storage}

${hosts}
Component ${luaString(options.componentJid)}
  component_secret = ${luaString(options.componentSecret)}
  modules_enabled = { "privilege" }

${otherComponents}`;
}

interface Identity {
  uid: number;
  gid: number;
}

/** As root, Prosody runs as its own `prosody` user, which must own the data directory. */
function prosodyIdentity(): Identity | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'prosody'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'prosody'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function chownTree(path: string, identity: Identity): void {
  chownSync(path, identity.uid, identity.gid);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry), identity);
}

/** Whether Prosody, run as `identity`, can reach and write `dir` (not when a parent is 0700, like /root). */
function prosodyCanUse(dir: string, identity: Identity): boolean {
  return spawnSync('sh', ['-c', 'test -x "$1" && test -w "$1"', 'sh', dir], { stdio: 'ignore', ...identity }).status === 0;
}

/**
 * Where a data directory the `prosody` user cannot reach keeps Prosody's part instead: a directory
 * of its own per data directory, owned by `prosody` (root only: only root runs Prosody as another user).
 */
export const relocatedProsodyBase = '/var/lib/xmpp-service';

function relocatedRuntimeDir(dataDir: string): string {
  return join(relocatedProsodyBase, `prosody-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`);
}

/** A process's arguments from /proc, or undefined when it is gone (or a zombie). */
function processArgs(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return undefined;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
}

function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Waits, polling /proc, until `pid` is gone; false when it is still there after `timeoutMs`. */
async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (processArgs(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * The Prosody whose pidfile is in `runtimeDir`, when that process really is `prosody --config
 * <that directory's config>` (never a stranger's process), and the live process other than this one
 * that started it and runs it (undefined when that process is gone: an orphan of a kill -9).
 */
function runningProsodyOf(runtimeDir: string): { pid: number; ownerPid: number | undefined } | undefined {
  const pid = readPid(join(runtimeDir, 'prosody.pid'));
  const args = pid === undefined ? undefined : processArgs(pid);
  if (pid === undefined || !args) return undefined;
  const isOurs =
    args.some((arg) => basename(arg) === 'prosody') && args[args.indexOf('--config') + 1] === join(runtimeDir, 'prosody.cfg.lua');
  if (!isOurs) return undefined;
  const owner = readPid(join(runtimeDir, 'prosody.owner'));
  const ownerRunsIt = owner !== undefined && owner !== process.pid && parentPid(pid) === owner;
  return { pid, ownerPid: ownerRunsIt ? owner : undefined };
}

/** The private Prosody of a data directory that another live process runs: what a worker needs to join it. */
export interface RunningPrivateProsody {
  pid: number;
  /** The `npm start` or `npm run worker` that started it and stops it. */
  ownerPid: number;
  runtimeDir: string;
  dataPath: string;
  componentPort: number;
  /** Each component JID its config declares, with its secret. */
  componentSecrets: Map<string, string>;
  /** Whether it keeps its accounts in PostgreSQL (DATABASE_URL) rather than in files under dataPath. */
  sqlStorage: boolean;
}

const luaStringPattern = '"(?:[^"\\\\]|\\\\.)*"';

/**
 * The private Prosody of `dataDir` (or of its relocated directory) run by another live process, as
 * its generated config describes it; undefined when none runs (or only an orphan, which a start stops).
 */
export function findRunningPrivateProsody(dataDir: string): RunningPrivateProsody | undefined {
  const root = resolve(dataDir);
  for (const runtimeDir of [root, relocatedRuntimeDir(root)]) {
    const found = runningProsodyOf(runtimeDir);
    if (!found?.ownerPid) continue;
    const config = readFileSync(join(runtimeDir, 'prosody.cfg.lua'), 'utf8');
    const componentPort = Number(/^component_ports = \{ (\d+) \}/m.exec(config)?.[1]);
    const components = config.matchAll(new RegExp(`^Component (${luaStringPattern})\\n  component_secret = (${luaStringPattern})`, 'gm'));
    return {
      pid: found.pid,
      ownerPid: found.ownerPid,
      runtimeDir,
      dataPath: join(runtimeDir, 'data'),
      componentPort,
      componentSecrets: new Map([...components].map((match) => [JSON.parse(match[1]!) as string, JSON.parse(match[2]!) as string])),
      sqlStorage: /^storage = "sql"$/m.test(config),
    };
  }
  return undefined;
}

/** How Prosody ended when nobody asked it to, with the end of its own log (the why, usually). */
export interface ProsodyExit {
  pid: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  logTail: string;
}

/** What supervision reports; the owner logs it and shows it on the status page. */
export interface SupervisionEvents {
  exited(exit: ProsodyExit, restartInMs: number): void;
  restarted(): void;
  restartFailed(error: Error, retryInMs: number): void;
}

/** Restart delays after unexpected exits: from one second, doubling, at most a minute apart. */
export const prosodyRestartBackoff: BackoffOptions = { initialMs: 1_000, maxMs: 60_000 };
/** A Prosody that ran this long before exiting starts the backoff over: it was not crash-looping. */
const stableRunMs = 5 * 60_000;

export class PrivateProsody {
  /** Where Prosody's config, data, log and pidfile are: the data directory, or its relocated part. */
  readonly runtimeDir: string;
  readonly configPath: string;
  readonly dataPath: string;
  readonly logPath: string;
  private readonly pidPath: string;
  /** Who started the Prosody of this data directory: tells an orphan of a killed product from a live one. */
  private readonly ownerPath: string;
  private child: ChildProcess | undefined;
  private readonly identity = prosodyIdentity();
  private supervision: { stop(): void } | undefined;

  constructor(readonly options: PrivateProsodyOptions) {
    const root = resolve(options.dataDir);
    mkdirSync(root, { recursive: true });
    if (this.identity) chownTree(root, this.identity);
    this.runtimeDir = this.identity && !prosodyCanUse(root, this.identity) ? relocatedRuntimeDir(root) : root;
    this.configPath = join(this.runtimeDir, 'prosody.cfg.lua');
    this.dataPath = join(this.runtimeDir, 'data');
    this.logPath = join(this.runtimeDir, 'prosody.log');
    this.pidPath = join(this.runtimeDir, 'prosody.pid');
    this.ownerPath = join(this.runtimeDir, 'prosody.owner');
    const certsPath = join(this.runtimeDir, 'certs');
    mkdirSync(this.dataPath, { recursive: true });
    mkdirSync(certsPath, { recursive: true });
    writeFileSync(this.configPath, prosodyConfig(options, { data: this.dataPath, log: this.logPath, pid: this.pidPath, certs: certsPath }));
    if (this.identity) chownTree(this.runtimeDir, this.identity);
    if (this.identity && !prosodyCanUse(this.runtimeDir, this.identity)) {
      throw new Error(
        `the prosody user cannot reach ${this.runtimeDir}: give it access to that directory and its parents, ` +
          'or set PROSODY_DATA_DIR to a directory it can reach',
      );
    }
  }

  /** True when the data directory is one the `prosody` user cannot reach, so Prosody runs from runtimeDir. */
  get relocated(): boolean {
    return this.runtimeDir !== resolve(this.options.dataDir);
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  /**
   * Starts Prosody and resolves once both the client and the component ports accept connections.
   * A Prosody left running by an earlier, killed run of this data directory is stopped first; one
   * still run by a live process is refused (ProsodyInUseError); anything else on the ports too.
   */
  async start(timeoutMs = 15_000): Promise<void> {
    if (!prosodyInstalled()) throw new ProsodyMissingError();
    if (this.running) return;
    await this.stopOrphan();
    // Another server on these ports would answer our readiness check, and clients would talk to it.
    for (const port of [this.options.c2sPort, this.options.componentPort]) {
      if (await canConnect(port)) throw new PortTakenError(port, portHolder(port));
    }
    const child = spawn('prosody', ['-F', '--config', this.configPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: Ctrl-C in a terminal (or a signal to the product's group) reaches
      // the product, which stops Prosody itself, rather than Prosody too, which would look like a crash.
      detached: true,
      ...(this.identity ?? {}),
      env: { ...process.env, HOME: this.runtimeDir },
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    this.child = child;
    writeFileSync(this.ownerPath, String(process.pid));
    // A private Prosody never outlives the process that started it, whatever way that process ends
    // (but SIGKILL: then the next start finds it through its pidfile and stops it).
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) =>
        reject(new Error(`Prosody exited at start (code ${code}, signal ${signal}): ${output.trim()}\n${this.logTail()}`)),
      ),
    );
    exited.catch(() => {});
    await Promise.race([
      Promise.all([waitForPort(this.options.c2sPort, timeoutMs), waitForPort(this.options.componentPort, timeoutMs)]),
      exited,
    ]);
    child.once('exit', (code, signal) => {
      // stop() forgets the child before it signals it: an exit it asked for is not reported.
      if (this.child !== child) return;
      this.child = undefined;
      this.exitListener?.({ pid: child.pid, code, signal, logTail: this.logTail(20) });
    });
  }

  private exitListener: ((exit: ProsodyExit) => void) | undefined;

  /**
   * Restarts Prosody whenever it exits without being asked to, after a delay that doubles with each
   * exit in a row (prosodyRestartBackoff), and reports each exit and restart. stop() ends it.
   */
  supervise(events: SupervisionEvents, backoff: BackoffOptions = prosodyRestartBackoff): void {
    let attempt = 0;
    let startedAt = Date.now();
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const restart = async () => {
      try {
        await this.start();
      } catch (error) {
        if (stopped) return;
        await this.stop({ keepSupervision: true });
        const retryInMs = backoffDelay(attempt++, backoff);
        events.restartFailed(error as Error, retryInMs);
        timer = setTimeout(() => void restart(), retryInMs);
        return;
      }
      startedAt = Date.now();
      if (!stopped) events.restarted();
    };
    this.exitListener = (exit) => {
      if (Date.now() - startedAt > stableRunMs) attempt = 0;
      const restartInMs = backoffDelay(attempt++, backoff);
      events.exited(exit, restartInMs);
      timer = setTimeout(() => void restart(), restartInMs);
    };
    this.supervision = {
      stop: () => {
        stopped = true;
        clearTimeout(timer);
        this.exitListener = undefined;
      },
    };
  }

  /** Stops Prosody (and its supervision: an exit asked for is not restarted). */
  async stop(options: { signal?: NodeJS.Signals; keepSupervision?: boolean } = {}): Promise<void> {
    if (!options.keepSupervision) this.supervision?.stop();
    const child = this.child;
    if (!child || !this.running) return;
    this.child = undefined;
    const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
    child.kill(options.signal ?? 'SIGTERM');
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killTimer);
  }

  /**
   * A Prosody still running from an earlier run of this data directory (runningProsodyOf): when
   * the process that started it is gone (a product killed with SIGKILL), it is stopped so this start
   * can take its ports; when that process still runs it, this start is refused.
   */
  private async stopOrphan(): Promise<void> {
    const found = runningProsodyOf(this.runtimeDir);
    if (!found) return;
    const { pid, ownerPid } = found;
    if (ownerPid !== undefined) throw new ProsodyInUseError(this.runtimeDir, pid, ownerPid);
    process.kill(pid, 'SIGTERM');
    if (await waitForExit(pid, 5_000)) return;
    process.kill(pid, 'SIGKILL');
    if (!(await waitForExit(pid, 5_000))) throw new Error(`the Prosody left running by an earlier start (process ${pid}) did not stop`);
  }

  async restart(): Promise<void> {
    await this.stop({ keepSupervision: true });
    await this.start();
  }

  /** Creates an account with prosodyctl, as the administrator would. */
  registerUser(username: string, domain: string, password: string): void {
    this.prosodyctl(`${username}@${domain}`, 'register', username, domain, password);
  }

  /**
   * Deletes an account with prosodyctl, as the administrator would. prosodyctl is a process of its
   * own that edits the store: the running server keeps the account's open sessions.
   */
  deleteUser(username: string, domain: string): void {
    this.prosodyctl(`${username}@${domain}`, 'deluser', `${username}@${domain}`);
  }

  /** Runs a prosodyctl command about `jid` (named in the error; the arguments may hold a password). */
  private prosodyctl(jid: string, ...args: string[]): void {
    const result = spawnSync('prosodyctl', ['--config', this.configPath, ...args], {
      encoding: 'utf8',
      ...(this.identity ?? {}),
      env: { ...process.env, HOME: this.runtimeDir },
    });
    if (result.status !== 0) throw new Error(`prosodyctl ${args[0]} ${jid} failed: ${result.stdout}${result.stderr}`);
  }

  logTail(lines = 30): string {
    if (!existsSync(this.logPath)) return '';
    return readFileSync(this.logPath, 'utf8').split('\n').slice(-lines).join('\n');
  }
}

/** Resolves when something accepts TCP connections on 127.0.0.1:port; polls with short connects. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await canConnect(port)) return;
    if (Date.now() > deadline) throw new Error(`nothing accepted connections on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port now. */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolveConnect) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveConnect(true);
    });
    socket.once('error', () => resolveConnect(false));
  });
}
