import JSON5 from 'json5';
import type { z } from 'zod';
import { errorCodes } from './error-codes';
import type { ErrorMessage } from '@/lib/protocol/response';
import { findForbiddenText } from '../../lib/xml-characters';

/**
 * Reading a command's payload: size first (before any parsing), then JSON, then JSON5 for what
 * real clients send (`{ userList: [...] }`, trailing commas, comments), then the command's schema.
 * A 5,000-entry address book is about 300 KB; a megabyte is well past anything legitimate.
 */
export const maxPayloadBytes = 1024 * 1024;
/** Enough issues to fix a request, few enough to keep the answer small. */
const maxReportedIssues = 10;

export type PayloadResult<T> = { ok: true; value: T } | { ok: false; errorCode: string; errorMessage: ErrorMessage[] };

const refuse = (errorCode: string, ...messages: string[]): PayloadResult<never> => ({
  ok: false,
  errorCode,
  errorMessage: messages.map((message) => ({ message })),
});

/**
 * An absent or blank payload is an empty object: `cmd_get_channels` needs nothing else.
 * A string anywhere in it (a key too) holding a character XML forbids, which a JSON escape such
 * as `\u0000` or `\uffff` can bring in, is refused naming where it is: whatever the command, such
 * text could neither be stored nor written back into a stanza.
 */
export function parsePayloadText(text: string): PayloadResult<Record<string, unknown>> {
  // UTF-8 takes at least one byte per UTF-16 unit, so a long string is refused without encoding it.
  if (text.length > maxPayloadBytes || Buffer.byteLength(text, 'utf8') > maxPayloadBytes) {
    return refuse(errorCodes.payloadTooLarge, `The payload is larger than ${maxPayloadBytes} bytes.`);
  }
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    try {
      value = JSON5.parse(text);
    } catch (error) {
      return refuse(errorCodes.invalidPayload, `The payload is not JSON: ${(error as Error).message}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse(errorCodes.invalidPayload, 'The payload must be a JSON object.');
  }
  const forbidden = findForbiddenText(value, maxReportedIssues);
  if (forbidden.length > 0) return refuse(errorCodes.invalidPayload, ...forbidden.map((found) => found.message));
  return { ok: true, value: value as Record<string, unknown> };
}

export function validatePayload<T>(schema: z.ZodType<T>, value: unknown): PayloadResult<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.slice(0, maxReportedIssues).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return refuse(errorCodes.invalidPayload, ...issues);
}
