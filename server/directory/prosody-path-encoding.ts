/**
 * Prosody's file store names every host directory and account file by the same rule as its
 * util/datamanager `encode`: each byte that is not an ASCII letter or digit becomes `%xx`
 * (lowercase hex). Lua works on bytes, so a multi-byte UTF-8 character becomes several escapes.
 */
export function encodeProsodyPathPart(value: string): string {
  let encoded = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const isAlphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
    encoded += isAlphanumeric ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0')}`;
  }
  return encoded;
}

/** The inverse of `encodeProsodyPathPart` (Prosody decodes `%XX` of either case). */
export function decodeProsodyPathPart(encoded: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const escape = encoded[i] === '%' ? encoded.slice(i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(escape)) {
      bytes.push(parseInt(escape, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(encoded[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
