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

export function group(
  address: string,
  items: BuddyItem[],
  flags: Partial<Pick<BuddyItem, 'mobileIsPublished' | 'webIsPublished'>> = {},
): BuddyItem {
  return { ...channel(address, flags), type: 'group', items };
}

/** The tree as nested addresses, for readable expectations: ['a', ['g', ['b']]]. */
export function shape(items: BuddyItem[]): unknown[] {
  return items.map((item) => (item.type === 'group' ? [item.address, shape(item.items)] : item.address));
}

/**
 * A tree of `size` nodes shaped like the spec's examples (groups of 19 channels under 1 group),
 * each node with the fields a real one carries: a UUID address, a server address, a name and status,
 * image and thumbnail URLs and a default message. About 300 bytes a node in compact JSON.
 */
export function realisticTree(size: number): BuddyItem[] {
  const node = (index: number, type: 'group' | 'channel', items: BuddyItem[] = []): BuddyItem => {
    const id = `${String(index).padStart(8, '0')}-8edc-413e-870a-ec5d23877813`;
    return {
      address: id,
      serverAddress: type === 'channel' ? 'bot-management' : null,
      type,
      mobileIsPublished: true,
      webIsPublished: index % 3 !== 0,
      info: {
        name: `${type === 'group' ? 'Group' : 'Channel'} ${index} Milano`,
        status: `Qui i biglietti ${index}`,
        imageUrl: `https://cdn.example.com/b/${index}.png`,
        thumbUrl: `https://cdn.example.com/b/${index}-t.png`,
        defaultMessage: type === 'channel' ? `Ciao! Qui puoi acquistare i biglietti ${index}` : '',
      },
      items,
    };
  };
  const groups: BuddyItem[] = [];
  for (let index = 0; index < size; index += 20) {
    const channels = Array.from({ length: Math.min(19, size - index - 1) }, (_, offset) => node(index + offset + 1, 'channel'));
    groups.push(node(index, 'group', channels));
  }
  return groups;
}
