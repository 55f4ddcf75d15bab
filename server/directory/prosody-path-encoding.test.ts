import { describe, expect, it } from 'vitest';
import { encodeProsodyPathPart } from './prosody-path-encoding';

describe('Prosody file store names', () => {
  it('keeps ASCII letters and digits and escapes every other byte in lowercase hex', () => {
    expect(encodeProsodyPathPart('00393471111111')).toBe('00393471111111');
    expect(encodeProsodyPathPart('example.test')).toBe('example%2etest');
    expect(encodeProsodyPathPart('a_b-c')).toBe('a%5fb%2dc');
    expect(encodeProsodyPathPart('é')).toBe('%c3%a9');
  });
});
