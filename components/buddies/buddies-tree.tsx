'use client';

import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragMoveEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { DraftOp } from '@/lib/buddies/draft-ops';
import type { PublishFlag } from '@/lib/buddies/node-fields';
import type { BuddyItem } from '@/lib/buddies/spec-json';
import { NotAllowedIcon } from './icons';
import { TreeRow, rowHeight, type RowActions } from './tree-row';
import { flattenTree, keyboardMove, parentMap, resolveDrop, zoneAt, type DropTarget, type KeyboardMove, type Zone } from './tree-rows';

/**
 * The draft tree: a virtualised list of rows (thousands stay smooth: only what is on screen is in
 * the DOM) with drag and drop by pointer and keyboard. The drop position follows the dragged row's
 * centre over a row: its top or bottom edge places before or after, the middle of a group places
 * inside; the middle of a channel is refused while dragging, and nothing is sent.
 */
export interface TreeProps {
  items: BuddyItem[];
  selected: string | null;
  checked: ReadonlySet<string>;
  hiddenHints: (address: string) => string[];
  onSelect(address: string): void;
  onCheck(address: string, checked: boolean): void;
  onApply(op: DraftOp, label: string): void;
  onDelete(address: string): void;
  announce(message: string): void;
  /** A viewer's tree: rows to read and select, nothing to drag, tick, toggle, move or delete. */
  readOnly: boolean;
}

interface DragState {
  active: string;
  over: string | null;
  zone: Zone | null;
  target: DropTarget;
}

const altMoves: Record<string, KeyboardMove> = { ArrowUp: 'up', ArrowDown: 'down', ArrowRight: 'indent', ArrowLeft: 'outdent' };
const moveWords: Record<KeyboardMove, string> = { up: 'up', down: 'down', indent: 'into the group above', outdent: 'out of its group' };

/** Keyboard dragging steps a third of a row, so every zone (before, inside, after) can be reached. */
const stepThroughZones: KeyboardCoordinateGetter = (event, { currentCoordinates }) => {
  if (event.code === 'ArrowDown') return { ...currentCoordinates, y: currentCoordinates.y + rowHeight / 3 };
  if (event.code === 'ArrowUp') return { ...currentCoordinates, y: currentCoordinates.y - rowHeight / 3 };
  return undefined;
};

export function BuddiesTree(props: TreeProps) {
  const { items, selected, checked, hiddenHints, onSelect, onCheck, onApply, onDelete, announce, readOnly } = props;
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [drag, setDrag] = useState<DragState | null>(null);
  const rows = useMemo(() => flattenTree(items, collapsed), [items, collapsed]);
  const parents = useMemo(() => parentMap(items), [items]);
  const indexOf = useMemo(() => new Map(rows.map((row, index) => [row.item.address, index])), [rows]);
  const scroller = useRef<HTMLDivElement>(null);
  const activeIndex = drag ? (indexOf.get(drag.active) ?? -1) : -1;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    getItemKey: (index) => rows[index]!.item.address,
    // The dragged row stays mounted even when scrolled away, or the drag would lose its source.
    rangeExtractor: useCallback(
      (range: Range) => {
        const indexes = defaultRangeExtractor(range);
        return activeIndex >= 0 && !indexes.includes(activeIndex) ? [...indexes, activeIndex].sort((a, b) => a - b) : indexes;
      },
      [activeIndex],
    ),
  });

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: stepThroughZones }),
  );

  /**
   * Where the dragged row's centre is, read from the list's own geometry (rows are `rowHeight` tall
   * from the top of the scrolled content) rather than from dnd-kit's collision, which trails the
   * keyboard by one step and only knows the rows that are mounted.
   */
  const targetOf = useCallback(
    ({ active }: Pick<DragMoveEvent, 'active'>): DragState => {
      const none: DragState = { active: String(active.id), over: null, zone: null, target: { kind: 'none' } };
      const translated = active.rect.current.translated;
      const list = scroller.current;
      if (!translated || !list) return none;
      const box = list.getBoundingClientRect();
      // The centre of the dragged row, whatever the height of the ghost drawn for it.
      const centre = translated.top + rowHeight / 2;
      if (centre < box.top || centre > box.bottom) return none;
      const y = centre - box.top + list.scrollTop;
      const overRow = rows[Math.floor(y / rowHeight)];
      if (!overRow) return none;
      const over = overRow.item.address;
      const zone = zoneAt((y % rowHeight) / rowHeight, overRow.item.type);
      return { active: String(active.id), over, zone, target: resolveDrop(rows, parents, String(active.id), over, zone) };
    },
    [rows, parents],
  );

  const latestTarget = useRef<DragState | null>(null);
  const describe = (state: DragState | null) =>
    !state || state.target.kind === 'none'
      ? 'Over its current place.'
      : state.target.kind === 'refused'
        ? state.target.reason
        : state.target.description;
  const nameOf = (address: string | number) => {
    const row = rows[indexOf.get(String(address)) ?? -1];
    return row ? row.item.info.name || row.item.address : String(address);
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${nameOf(active.id)}. Arrow keys choose where it goes, space drops it, escape cancels.`,
    onDragMove: (event) => {
      const state = targetOf(event);
      const changed = describe(state) !== describe(latestTarget.current);
      latestTarget.current = state;
      return changed ? describe(state) : undefined;
    },
    onDragOver: () => undefined,
    onDragEnd: ({ active }) =>
      latestTarget.current?.target.kind === 'move'
        ? `${latestTarget.current.target.description}: done.`
        : `${nameOf(active.id)} was not moved. ${describe(latestTarget.current)}`,
    onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} was cancelled.`,
  };

  const endDrag = () => {
    setDrag(null);
    latestTarget.current = null;
  };

  useEffect(() => {
    if (!selected) return;
    const index = indexOf.get(selected);
    if (index !== undefined) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selected, indexOf, virtualizer]);

  const focusRow = (address: string) => {
    onSelect(address);
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-address="${CSS.escape(address)}"]`)?.focus());
  };

  const actions: RowActions = {
    select: (address: string, event: MouseEvent | KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey) onCheck(address, !checked.has(address));
      else onSelect(address);
    },
    check: onCheck,
    toggleCollapsed: (address) =>
      setCollapsed((current) => {
        const next = new Set(current);
        if (!next.delete(address)) next.add(address);
        return next;
      }),
    setFlag: (address: string, flag: PublishFlag, value: boolean) =>
      onApply(
        { kind: 'setFlag', addresses: [address], flag, value },
        `${value ? 'Published' : 'Hid'} ${nameOf(address)} on ${flag === 'webIsPublished' ? 'web' : 'mobile'}`,
      ),
    keyDown: (address, event) => {
      if (event.target !== event.currentTarget) return;
      const move = altMoves[event.key];
      if (readOnly && ((event.altKey && move) || event.key === 'Delete')) return;
      if (event.altKey && move) {
        event.preventDefault();
        const op = keyboardMove(items, address, move);
        if (op) onApply(op, `Moved ${nameOf(address)} ${moveWords[move]}`);
        else announce(`${nameOf(address)} cannot move ${moveWords[move]}.`);
        return;
      }
      const index = indexOf.get(address) ?? 0;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const next = rows[index + (event.key === 'ArrowDown' ? 1 : -1)];
        if (next) focusRow(next.item.address);
      } else if ((event.key === 'ArrowRight' || event.key === 'ArrowLeft') && rows[index]?.item.type === 'group') {
        event.preventDefault();
        const isCollapsed = collapsed.has(address);
        if (isCollapsed === (event.key === 'ArrowRight')) actions.toggleCollapsed(address);
      } else if (event.key === 'Delete') {
        event.preventDefault();
        onDelete(address);
      }
    },
  };

  const activeRow = drag ? rows[activeIndex] : undefined;
  return (
    <DndContext
      sensors={sensors}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To move a node, press space or enter, use the up and down arrows to choose a place, and press space or enter again to drop it. Escape cancels. Alt with an arrow key moves the selected row directly.',
        },
      }}
      onDragStart={({ active }) => setDrag({ active: String(active.id), over: null, zone: null, target: { kind: 'none' } })}
      onDragMove={(event) => {
        const state = targetOf(event);
        setDrag((current) =>
          current && current.over === state.over && current.zone === state.zone && current.target.kind === state.target.kind
            ? current
            : state,
        );
      }}
      onDragEnd={(event) => {
        const { target } = targetOf(event);
        endDrag();
        if (target.kind === 'move')
          onApply({ kind: 'move', address: String(event.active.id), parent: target.parent, index: target.index }, target.description);
      }}
      onDragCancel={endDrag}
    >
      <div
        ref={scroller}
        className={`bt-scroller ${drag?.target.kind === 'refused' ? 'refusing' : ''}`}
        role="tree"
        aria-label="Buddies tree"
        aria-multiselectable
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((virtual) => {
            const row = rows[virtual.index]!;
            const address = row.item.address;
            const isOver = drag?.over === address && drag.target.kind !== 'none';
            return (
              <TreeRow
                key={virtual.key}
                row={row}
                actions={actions}
                readOnly={readOnly}
                state={{
                  selected: selected === address,
                  tabbable: selected === null || !indexOf.has(selected) ? virtual.index === 0 : selected === address,
                  checked: checked.has(address),
                  collapsed: collapsed.has(address),
                  hiddenHints: hiddenHints(address),
                  dropZone: isOver ? drag.zone : null,
                  dropRefused: isOver && drag.target.kind === 'refused',
                }}
                // `top`, not a transform: dnd-kit measures rows without their transforms.
                style={{ position: 'absolute', top: virtual.start, left: 0, right: 0, height: rowHeight }}
              />
            );
          })}
        </div>
        {rows.length === 0 && <p className="muted bt-empty">The draft is empty: add a group or a channel, or import a buddies JSON.</p>}
      </div>
      <DragOverlay dropAnimation={null}>
        {activeRow && drag && (
          <div className={`bt-ghost ${drag.target.kind === 'refused' ? 'refused' : ''}`}>
            <strong>{activeRow.item.info.name || activeRow.item.address}</strong>
            <span className="bt-ghost-note">
              {drag.target.kind === 'refused' ? (
                <>
                  <NotAllowedIcon /> {drag.target.reason}
                </>
              ) : drag.target.kind === 'move' ? (
                drag.target.description
              ) : (
                'Drag to a new place'
              )}
            </span>
          </div>
        )}
      </DragOverlay>
    </DndContext>
  );
}
