/**
 * The editor's icons, drawn as SVG: a font may lack the emoji or symbol glyphs (a missing-glyph box
 * on machines without an emoji font). Decorative: the control around each one carries the words.
 */
const common = { width: 14, height: 14, viewBox: '0 0 16 16', 'aria-hidden': true, focusable: false } as const;

export function GripIcon() {
  return (
    <svg {...common} fill="currentColor">
      {[3, 8, 13].flatMap((y) => [5, 11].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r={1.5} />))}
    </svg>
  );
}

export function ChevronIcon({ open }: { open: boolean }) {
  return (
    <svg {...common} fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round">
      <path d={open ? 'M4 6l4 4 4-4' : 'M6 4l4 4-4 4'} />
    </svg>
  );
}

export function NotAllowedIcon() {
  return (
    <svg {...common} fill="none" stroke="currentColor" strokeWidth={2}>
      <circle cx={8} cy={8} r={6} />
      <path d="M3.8 12.2l8.4-8.4" />
    </svg>
  );
}

export function HiddenIcon() {
  return (
    <svg {...common} width={12} height={12} fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round">
      <path d="M2 8s2.2-4 6-4 6 4 6 4-2.2 4-6 4-6-4-6-4z" />
      <circle cx={8} cy={8} r={1.8} />
      <path d="M2.5 13.5l11-11" />
    </svg>
  );
}
