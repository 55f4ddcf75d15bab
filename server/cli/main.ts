import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, type Database, type OpenOptions } from '@/db/client';
import { isSet, readSettings, type Settings } from '../config';
import { Refusal } from '../../lib/refusal';
import { escapeForbiddenCharacters, firstForbiddenCharacter } from '../../lib/xml-characters';
import { commands, optionNames } from './subcommands';
import { UsageError, type CliCommand } from './context';

/**
 * `xmpp-service <command>`: automation over the same server code as the console, writing the same
 * audit log as "cli:<os user>". Output is the command's result (JSON, or the exported JSON as is);
 * exit code 0 on success, 1 when refused or misused, 2 on an unexpected failure.
 */
function usage(): string {
  return [
    'Usage: xmpp-service <command> [options]',
    '',
    ...commands.map((command) => `  ${command.usage}`),
    '',
    '  --help   this text',
  ].join('\n');
}

function findCommand(words: string[]): CliCommand | undefined {
  return commands.find((command) => command.name === words.slice(0, 2).join(' '));
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('Nothing was piped into standard input.');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function explainOpenFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!message.includes('is in use by process')) return `Cannot open the database: ${message}`;
  return `${message}\nThe CLI cannot use the embedded database while \`npm start\` runs: stop it first, or run both against PostgreSQL (DATABASE_URL).`;
}

/** The product's directory: its data paths are taken from there, wherever the CLI is run from. */
const productRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The product's database: PostgreSQL, or the embedded one under the product's directory. The
 * default location must exist (npm start creates it): an empty database made elsewhere would
 * answer every command with nothing, silently.
 */
function productDatabase(settings: Settings): OpenOptions {
  if (settings.DATABASE_URL) return { url: settings.DATABASE_URL };
  const pgliteDir = resolve(productRoot, settings.PGLITE_DIR);
  if (!isSet('PGLITE_DIR') && !existsSync(pgliteDir)) {
    throw new UsageError(
      `There is no database at ${pgliteDir}: start the product once there (npm start creates it), ` +
        'or set DATABASE_URL (or PGLITE_DIR) to the database to use.',
    );
  }
  return { pgliteDir };
}

/** As the console's API does: text XML forbids can be neither stored nor sent to chat clients. */
function refuseForbiddenCharacters(options: Record<string, string | boolean | undefined>): void {
  for (const [name, value] of Object.entries(options)) {
    const character = typeof value === 'string' ? firstForbiddenCharacter(value) : undefined;
    if (character)
      throw new UsageError(
        `--${name} "${escapeForbiddenCharacters(value as string)}" contains ${character}, a character that is not allowed.`,
      );
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      ...Object.fromEntries(optionNames.map((name) => [name, { type: 'string' as const }])),
      'password-stdin': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const command = findCommand(positionals);
  if (values.help || !command) {
    const known = positionals.length === 0 || values.help;
    (known ? process.stdout : process.stderr).write(`${known ? '' : `Unknown command "${positionals.join(' ')}".\n\n`}${usage()}\n`);
    return known ? 0 : 1;
  }
  refuseForbiddenCharacters(values);
  const settings = readSettings();
  const where = productDatabase(settings);
  let database: Database;
  try {
    database = await openDatabase(where);
  } catch (error) {
    process.stderr.write(`${explainOpenFailure(error)}\n`);
    return 1;
  }
  try {
    const result = await command.run({
      db: database.db,
      settings,
      actor: { label: `cli:${userInfo().username}`, operatorId: null },
      options: values,
      readStdin,
    });
    process.stdout.write(typeof result === 'string' ? `${result}\n` : `${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof Refusal || error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(1);
    }
    process.stderr.write(`Unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
