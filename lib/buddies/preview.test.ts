import { describe, expect, it } from 'vitest';
import { hiddenReasons, visibleTree } from './preview';
import { channel, group, shape } from '../../test/support/buddy-trees';

const tree = [
  channel('both'),
  channel('mobile-only', { webIsPublished: false }),
  group('g', [channel('inside'), channel('inside-mobile', { webIsPublished: false })], { webIsPublished: false }),
  group('empty-on-web', [channel('x', { webIsPublished: false })]),
];

describe('what each client shows', () => {
  it('keeps only the nodes published for that client, nested as clients nest them', () => {
    expect(shape(visibleTree(tree, 'mobile'))).toEqual([
      'both',
      'mobile-only',
      ['g', ['inside', 'inside-mobile']],
      ['empty-on-web', ['x']],
    ]);
    expect(shape(visibleTree(tree, 'web'))).toEqual(['both']);
  });

  it('explains every hidden node', () => {
    const web = hiddenReasons(tree, 'web');
    expect(web.get('mobile-only')).toBe('hidden on web: not published on web');
    expect(web.get('inside')).toBe('hidden on web: its group "G" is not published on web');
    expect(web.get('empty-on-web')).toBe('hidden on web: nothing inside it is published on web');
    expect(web.has('both')).toBe(false);
    expect(hiddenReasons(tree, 'mobile').size).toBe(0);
  });
});
