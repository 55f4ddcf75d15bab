import type { Db } from '@/db/client';
import type { Actor } from '../audit';
import type { Settings } from '../config';

export interface CliContext {
  db: Db;
  settings: Settings;
  /** `cli:<os user>` in the audit log. */
  actor: Actor;
  /** Named options (`--domain x`). */
  options: Record<string, string | boolean | undefined>;
  readStdin(): Promise<string>;
}

/** A command prints what it returns: a string as it is, anything else as JSON. */
export interface CliCommand {
  /** Words that select it, e.g. `channels create`. */
  name: string;
  usage: string;
  run(ctx: CliContext): Promise<unknown>;
}

export class UsageError extends Error {}

export function requiredOption(ctx: CliContext, name: string): string {
  const value = ctx.options[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required.`);
  return value;
}

export function optionalNumber(ctx: CliContext, name: string): number | null {
  const value = ctx.options[name];
  if (value === undefined || value === '') return null;
  const number = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(number)) throw new UsageError(`--${name} must be a whole number.`);
  return number;
}
