import { describe, expect, it } from 'vitest';
import { isDecodablePath } from './malformed-url';

describe('isDecodablePath', () => {
  it('accepts any path that decodes to text, whatever its query', () => {
    for (const url of ['/', '/api/domains/localhost/channels', '/api/x%00y', '/api/%EF%BF%BF', '/api/caf%C3%A9?q=%', undefined]) {
      expect(isDecodablePath(url), String(url)).toBe(true);
    }
  });

  it('refuses broken percent-encoding and bytes that are no UTF-8', () => {
    for (const url of ['/api/%', '/api/%ZZ', '/api/%E0%A4%A', '/api/%ED%A0%80', '/api/%FF']) expect(isDecodablePath(url), url).toBe(false);
  });
});
