import type { BuddyItem } from '../../lib/buddies/spec-json';

/** Small trees for the pure tests: `channel('a')`, `group('g', [channel('a')])`. */
export function channel(address: string, flags: Partial<Pick<BuddyItem, 'mobileIsPublished' | 'webIsPublished'>> = {}): BuddyItem {
  return {
    address,
    serverAddress: null,
    type: 'channel',
    mobileIsPublished: true,
    webIsPublished: true,
    ...flags,
    info: { name: address.toUpperCase(), status: '', imageUrl: '', thumbUrl: '', defaultMessage: '' },
    items: [],
  };
}

export function group(address: string, items: BuddyItem[], flags: Partial<Pick<BuddyItem, 'mobileIsPublished' | 'webIsPublished'>> = {}): BuddyItem {
  return { ...channel(address, flags), type: 'group', items };
}

/** The tree as nested addresses, for readable expectations: ['a', ['g', ['b']]]. */
export function shape(items: BuddyItem[]): unknown[] {
  return items.map((item) => (item.type === 'group' ? [item.address, shape(item.items)] : item.address));
}
