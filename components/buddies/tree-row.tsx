'use client';

import { useDraggable } from '@dnd-kit/core';
import type { CSSProperties, KeyboardEvent, MouseEvent } from 'react';
import type { PublishFlag } from '@/lib/buddies/node-fields';
import { notPublishedReason } from '@/lib/buddies/preview';
import { Avatar } from './avatar';
import { ChevronIcon, GripIcon, HiddenIcon } from './icons';
import type { Row, Zone } from './tree-rows';

export interface RowState {
  selected: boolean;
  /** The row Tab reaches in the tree: the selected one, else the first. */
  tabbable: boolean;
  checked: boolean;
  collapsed: boolean;
  hiddenHints: string[];
  /** Where a drop onto this row would land, while a drag is over it. */
  dropZone: Zone | null;
  dropRefused: boolean;
}

export interface RowActions {
  select(address: string, event: MouseEvent | KeyboardEvent): void;
  check(address: string, checked: boolean): void;
  toggleCollapsed(address: string): void;
  setFlag(address: string, flag: PublishFlag, value: boolean): void;
  keyDown(address: string, event: KeyboardEvent): void;
}

export const rowHeight = 44;

/** The hints a row tags itself with: only what its toggles do not already say (hidden although published). */
const ownFlagReasons = new Set([notPublishedReason('mobile'), notPublishedReason('web')]);

export function TreeRow({
  row,
  state,
  actions,
  style,
  readOnly,
}: {
  row: Row;
  state: RowState;
  actions: RowActions;
  style: CSSProperties;
  readOnly: boolean;
}) {
  const { item } = row;
  const name = item.info.name || item.address;
  const draggable = useDraggable({ id: item.address, data: { row }, disabled: readOnly });
  const tags = state.hiddenHints.filter((hint) => !ownFlagReasons.has(hint));
  const classes = [
    'bt-row',
    state.selected && 'selected',
    state.checked && 'checked',
    draggable.isDragging && 'dragging',
    state.dropZone && `drop-${state.dropZone}`,
    state.dropRefused && 'drop-refused',
  ].filter(Boolean);
  return (
    <div
      ref={draggable.setNodeRef}
      role="treeitem"
      aria-label={name}
      aria-level={row.depth + 1}
      aria-setsize={row.siblingCount}
      aria-posinset={row.index + 1}
      aria-selected={state.selected}
      aria-expanded={item.type === 'group' ? !state.collapsed : undefined}
      data-address={item.address}
      tabIndex={state.tabbable ? 0 : -1}
      className={classes.join(' ')}
      style={{ ...style, paddingLeft: 8 + row.depth * 22 }}
      title={state.hiddenHints.join('\n') || undefined}
      onClick={(event) => actions.select(item.address, event)}
      onKeyDown={(event) => actions.keyDown(item.address, event)}
    >
      {!readOnly && (
        <>
          <button type="button" className="bt-handle" aria-label={`Drag ${name}`} {...draggable.attributes} {...draggable.listeners}>
            <GripIcon />
          </button>
          <input
            type="checkbox"
            aria-label={`Select ${name}`}
            checked={state.checked}
            onClick={(event) => event.stopPropagation()}
            onChange={(event) => actions.check(item.address, event.target.checked)}
          />
        </>
      )}
      {item.type === 'group' ? (
        <button
          type="button"
          className="bt-chevron"
          aria-label={state.collapsed ? `Expand ${name}` : `Collapse ${name}`}
          onClick={(event) => {
            event.stopPropagation();
            actions.toggleCollapsed(item.address);
          }}
        >
          <ChevronIcon open={!state.collapsed} />
        </button>
      ) : (
        <span className="bt-chevron" />
      )}
      <Avatar url={item.info.thumbUrl} name={name} />
      <span className="bt-names">
        <span className="bt-name">{name}</span>
        {item.info.status && <span className="bt-status">{item.info.status}</span>}
      </span>
      {tags.length > 0 && (
        <span className="bt-hidden" role="img" aria-label={tags.join('; ')}>
          <HiddenIcon />
          <span className="bt-hidden-text">{tags.map((hint) => hint.split(':')[0]).join(', ')}</span>
        </span>
      )}
      <span className={`badge bt-type ${item.type === 'group' ? '' : 'off'}`}>{item.type}</span>
      <FlagToggle
        label={`Publish ${name} on mobile`}
        short="Mobile"
        on={item.mobileIsPublished}
        readOnly={readOnly}
        onChange={(value) => actions.setFlag(item.address, 'mobileIsPublished', value)}
      />
      <FlagToggle
        label={`Publish ${name} on web`}
        short="Web"
        on={item.webIsPublished}
        readOnly={readOnly}
        onChange={(value) => actions.setFlag(item.address, 'webIsPublished', value)}
      />
    </div>
  );
}

interface FlagProps {
  label: string;
  short: string;
  on: boolean;
  /** Shown, not offered: a viewer reads the flag. */
  readOnly: boolean;
  onChange(value: boolean): void;
}

function FlagToggle({ label, short, on, readOnly, onChange }: FlagProps) {
  if (readOnly)
    return (
      <span className={`bt-flag ${on ? 'on' : ''}`} title={`${on ? 'Published' : 'Not published'} on ${short.toLowerCase()}`}>
        {short}
      </span>
    );
  return (
    <button
      type="button"
      className={`bt-flag ${on ? 'on' : ''}`}
      aria-label={label}
      aria-pressed={on}
      onClick={(event) => {
        event.stopPropagation();
        onChange(!on);
      }}
    >
      {short}
    </button>
  );
}
