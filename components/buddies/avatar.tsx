'use client';

import { useState } from 'react';

/** A node's thumb, or its initials when there is no usable image (or it fails to load). */
export function Avatar({ url, name, size = 28 }: { url: string; name: string; size?: number }) {
  const [broken, setBroken] = useState(false);
  const usable = /^https?:\/\/[^/]+\.[^/.]+/.test(url) && !broken;
  const initials =
    name
      .trim()
      .split(/\s+/)
      .slice(0, 2)
      .map((word) => word[0]?.toUpperCase() ?? '')
      .join('') || '?';
  return (
    <span className="bt-avatar" style={{ width: size, height: size, fontSize: size * 0.4 }} aria-hidden>
      {usable ? (
        // eslint-disable-next-line @next/next/no-img-element -- operators' own URLs on any host, not optimisable
        <img src={url} alt="" width={size} height={size} onError={() => setBroken(true)} />
      ) : (
        initials
      )}
    </span>
  );
}
