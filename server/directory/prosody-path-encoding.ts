const plainPathPart = /^[A-Za-z0-9]*$/;

/**
 * Prosody's file store names every host directory and account file by the same rule as its
 * util/datamanager `encode`: each byte that is not an ASCII letter or digit becomes `%xx`
 * (lowercase hex). Lua works on bytes, so a multi-byte UTF-8 character becomes several escapes.
 */
export function encodeProsodyPathPart(value: string): string {
  // Account names are phone numbers: most need no escaping, and lookups encode thousands at once.
  if (plainPathPart.test(value)) return value;
  let encoded = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const isAlphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
    encoded += isAlphanumeric ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0')}`;
  }
  return encoded;
}
