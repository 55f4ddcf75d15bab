import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sourceHash, staleBecause, writeStamp } from './build-stamp.mjs';

describe('whether npm start must rebuild the console', () => {
  const roots: string[] = [];
  afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

  function project() {
    const root = mkdtempSync(join(tmpdir(), 'xs-build-'));
    roots.push(root);
    mkdirSync(join(root, 'app'));
    mkdirSync(join(root, 'server'));
    writeFileSync(join(root, 'app', 'page.tsx'), 'export default function Page() { return null; }');
    writeFileSync(join(root, 'server', 'rules.ts'), 'export const rule = 1;');
    return root;
  }

  it('builds when there is no build, not again for the same sources, and again once a source changes', () => {
    const root = project();
    const dist = join(root, '.next');
    expect(staleBecause(root, dist)).toBe('no build yet');
    mkdirSync(dist);
    writeFileSync(join(dist, 'BUILD_ID'), 'x');
    expect(staleBecause(root, dist)).toBe('the sources changed since the last build'); // a build npm start did not stamp
    writeStamp(dist, { sourceHash: sourceHash(root), seconds: 90 });
    expect(staleBecause(root, dist)).toBeUndefined();

    writeFileSync(join(root, 'server', 'rules.ts'), 'export const rule = 2;'); // a git pull
    expect(staleBecause(root, dist)).toBe('the sources changed since the last build');
  });

  it('goes by contents: new timestamps and tests do not rebuild, a new file does', () => {
    const root = project();
    const before = sourceHash(root);
    utimesSync(join(root, 'app', 'page.tsx'), new Date(), new Date(Date.now() + 60_000));
    writeFileSync(join(root, 'server', 'rules.test.ts'), 'test');
    expect(sourceHash(root)).toBe(before);
    writeFileSync(join(root, 'app', 'layout.tsx'), 'export default function Layout() { return null; }');
    expect(sourceHash(root)).not.toBe(before);
  });
});
