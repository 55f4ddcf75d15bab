import { z } from 'zod';
import type { BuddyItem } from './spec-json';

/**
 * The editable fields of one buddies node, validated the same way in the side panel (as the operator
 * types) and at the API edge. Pure: imported by the browser bundle too.
 */
const url = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => value === '' || isHttpUrl(value), 'Enter a full http:// or https:// URL, or leave it empty');

function isHttpUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

export const nodeFieldsSchema = z.object({
  address: z.string().trim().min(1, 'Address is required').max(512),
  serverAddress: z
    .string()
    .trim()
    .max(512)
    .nullable()
    .transform((value) => value || null),
  type: z.enum(['group', 'channel']),
  name: z.string().max(10_000),
  status: z.string().max(10_000),
  imageUrl: url,
  thumbUrl: url,
  defaultMessage: z.string().max(10_000),
  mobileIsPublished: z.boolean(),
  webIsPublished: z.boolean(),
});

export type NodeFields = z.infer<typeof nodeFieldsSchema>;
export type NodeFieldName = keyof NodeFields;
export type PublishFlag = 'mobileIsPublished' | 'webIsPublished';

export function fieldsOf(item: BuddyItem): NodeFields {
  return {
    address: item.address,
    serverAddress: item.serverAddress,
    type: item.type,
    mobileIsPublished: item.mobileIsPublished,
    webIsPublished: item.webIsPublished,
    ...item.info,
  };
}

export function withFields(item: BuddyItem, fields: Partial<NodeFields>): BuddyItem {
  const next = { ...fieldsOf(item), ...fields };
  return {
    address: next.address,
    serverAddress: next.serverAddress,
    type: next.type,
    mobileIsPublished: next.mobileIsPublished,
    webIsPublished: next.webIsPublished,
    info: {
      name: next.name,
      status: next.status,
      imageUrl: next.imageUrl,
      thumbUrl: next.thumbUrl,
      defaultMessage: next.defaultMessage,
    },
    items: item.items,
  };
}

export type FieldErrors = Partial<Record<NodeFieldName, string>>;

/** Field-by-field errors for the side panel; `takenAddresses` are the other nodes' addresses in the domain. */
export function validateFields(fields: NodeFields, takenAddresses: ReadonlySet<string>): FieldErrors {
  const errors: FieldErrors = {};
  const parsed = nodeFieldsSchema.safeParse(fields);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path[0] as NodeFieldName;
      errors[name] ??= issue.message;
    }
  }
  if (!errors.address && takenAddresses.has(fields.address.trim())) errors.address = 'Another node in this domain has this address';
  return errors;
}
