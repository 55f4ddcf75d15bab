import JSON5 from 'json5';
import { z } from 'zod';
import { findForbiddenText } from '../xml-characters';

/**
 * The buddies JSON of the protocol spec (the vCard DESC). `BuddyItem` is the tree in memory;
 * `toSpecJson` writes it exactly as clients read it and `parseSpecJson` reads it back (import).
 */
export interface BuddyInfo {
  name: string;
  status: string;
  imageUrl: string;
  thumbUrl: string;
  defaultMessage: string;
}

export interface BuddyItem {
  address: string;
  serverAddress: string | null;
  type: 'group' | 'channel';
  mobileIsPublished: boolean;
  webIsPublished: boolean;
  info: BuddyInfo;
  items: BuddyItem[];
}

interface SpecItem {
  address: string;
  serverAddress?: string;
  type: 'group' | 'channel';
  mobileIsPublished: boolean;
  webIsPublished: boolean;
  info: Partial<BuddyInfo> & { name: string; status: string; imageUrl: string; thumbUrl: string };
  items?: SpecItem[];
}

function toSpecItem(item: BuddyItem): SpecItem {
  const info: SpecItem['info'] = {
    name: item.info.name,
    status: item.info.status,
    imageUrl: item.info.imageUrl,
    thumbUrl: item.info.thumbUrl,
  };
  // As in the spec's examples: a channel always carries its default message, a group only when it has one.
  if (item.type === 'channel' || item.info.defaultMessage) info.defaultMessage = item.info.defaultMessage;
  return {
    address: item.address,
    ...(item.serverAddress ? { serverAddress: item.serverAddress } : {}),
    type: item.type,
    mobileIsPublished: item.mobileIsPublished,
    webIsPublished: item.webIsPublished,
    info,
    ...(item.type === 'group' ? { items: item.items.map(toSpecItem) } : {}),
  };
}

/** The document as the spec writes it: optional fields left out as in its examples. */
export function toSpecDocument(items: BuddyItem[]): { items: SpecItem[] } {
  return { items: items.map(toSpecItem) };
}

/** Compact, as clients receive it: indentation would make a 5,000-node vCard half as big again. */
export function toSpecJson(items: BuddyItem[]): string {
  return JSON.stringify(toSpecDocument(items));
}

const text = z
  .string()
  .max(10_000)
  .nullish()
  .transform((value) => value ?? '');

const specItemSchema: z.ZodType<BuddyItem, unknown> = z.lazy(() =>
  z
    .object({
      address: z.string().trim().min(1, 'address is required').max(512),
      serverAddress: z.string().trim().max(512).nullish(),
      type: z.enum(['group', 'channel']),
      mobileIsPublished: z.boolean().default(false),
      webIsPublished: z.boolean().default(false),
      info: z
        .object({ name: text, status: text, imageUrl: text, thumbUrl: text, defaultMessage: text })
        .default({ name: '', status: '', imageUrl: '', thumbUrl: '', defaultMessage: '' }),
      items: z.array(specItemSchema).max(10_000).default([]),
    })
    .superRefine((item, ctx) => {
      if (item.type === 'channel' && item.items.length > 0)
        ctx.addIssue({ code: 'custom', message: `channel "${item.address}" cannot contain items: only groups nest` });
    })
    .transform((item) => ({ ...item, serverAddress: item.serverAddress || null })),
);

export const specDocumentSchema = z.object({ items: z.array(specItemSchema).max(10_000) });

export type ParseResult = { ok: true; items: BuddyItem[] } | { ok: false; errors: string[] };

/**
 * Published versions and exports are strict JSON, which JSON.parse reads about 20 times faster than
 * the JSON5 parser (a 5,000-node version: ~20 ms against ~400 ms); JSON5 reads what an operator pastes.
 */
function parseJsonOrJson5(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch {
    return JSON5.parse(source);
  }
}

/** Reads a buddies document as operators paste it: JSON or its relaxed JSON5 superset. */
export function parseSpecJson(source: string): ParseResult {
  let raw: unknown;
  try {
    raw = parseJsonOrJson5(source);
  } catch (error) {
    return { ok: false, errors: [`Not valid JSON: ${(error as Error).message}`] };
  }
  // A JSON escape can bring in what XML forbids; published, it would go out in every vCard.
  const forbidden = findForbiddenText(raw);
  if (forbidden.length > 0) return { ok: false, errors: forbidden.map((found) => found.message) };
  const parsed = specDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'document'}: ${issue.message}`),
    };
  }
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const visit = (items: BuddyItem[]) =>
    items.forEach((item) => {
      if (seen.has(item.address)) duplicates.add(item.address);
      seen.add(item.address);
      visit(item.items);
    });
  visit(parsed.data.items);
  if (duplicates.size > 0) return { ok: false, errors: [...duplicates].map((a) => `address "${a}" appears more than once`) };
  return { ok: true, items: parsed.data.items };
}
