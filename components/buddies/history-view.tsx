'use client';

import Link from 'next/link';
import { useState } from 'react';
import { ConfirmDialog } from '../dialog';
import { useCan } from '../operator';
import { DiffView } from './diff-view';
import { exportUrl, useDiff, useDraft, useDraftEditor, useVersions } from './use-draft';
import { ReadOnlyNote } from './read-only-note';
import './buddies.css';

/** Published versions with author and time; diff any two (or a version and the draft), export, roll back. */
export function HistoryView({ domain }: { domain: string }) {
  const { data: draft } = useDraft(domain);
  const { data, error } = useVersions(domain);
  const editor = useDraftEditor(domain);
  const versions = data?.versions ?? [];
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState('draft');
  const [rollingBackTo, setRollingBackTo] = useState<number | null>(null);
  const canEdit = useCan('editor');
  const fromRef = from ?? (versions[1] ? String(versions[1].number) : versions[0] ? String(versions[0].number) : 'empty');
  const diff = useDiff(domain, fromRef, to, draft?.revision);
  const choices = [
    { value: 'draft', label: 'Current draft' },
    ...versions.map((v) => ({ value: String(v.number), label: `Version ${v.number}` })),
  ];

  return (
    <>
      <div className="row bt-heading">
        <h1 className="page-title">Buddies history</h1>
        <Link href={`/buddies?domain=${encodeURIComponent(domain)}`}>← Back to the editor</Link>
      </div>
      {(error || editor.error) && (
        <div className="banner error" role="alert">
          {error?.message ?? editor.error}
        </div>
      )}
      {!canEdit && <ReadOnlyNote />}
      {editor.announcement && (
        <div className="banner ok" role="status">
          {editor.announcement}
        </div>
      )}
      <div className="bt-history">
        <div className="card">
          <table aria-label="Published versions">
            <thead>
              <tr>
                <th>Version</th>
                <th>Published by</th>
                <th>When</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {versions.map((version, index) => (
                <tr key={version.number}>
                  <td>
                    <strong>{version.number}</strong> {index === 0 && <span className="badge ok">live</span>}
                    {version.rolledBackFrom && <div className="muted">re-publishes {version.rolledBackFrom}</div>}
                  </td>
                  <td>{version.publishedBy}</td>
                  <td>{new Date(version.publishedAt).toLocaleString()}</td>
                  <td>
                    <div className="actions">
                      <a className="bt-button-link" href={exportUrl(domain, version.number)} download>
                        Export
                      </a>
                      {index > 0 && canEdit && (
                        <button type="button" disabled={!draft || editor.saving} onClick={() => setRollingBackTo(version.number)}>
                          Roll back to {version.number}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {versions.length === 0 && <p className="muted">Nothing published yet.</p>}
        </div>
        <div className="card">
          <div className="row">
            <label htmlFor="diff-from">From</label>
            <select id="diff-from" value={fromRef} onChange={(event) => setFrom(event.target.value)}>
              {choices.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
            <label htmlFor="diff-to">to</label>
            <select id="diff-to" value={to} onChange={(event) => setTo(event.target.value)}>
              {choices.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          {diff.error && <div className="banner error">{diff.error.message}</div>}
          {diff.data && <DiffView diff={diff.data.diff} />}
        </div>
      </div>
      {rollingBackTo !== null && (
        <ConfirmDialog
          title={`Roll back to version ${rollingBackTo}?`}
          confirmLabel={`Roll back to ${rollingBackTo}`}
          onConfirm={() => {
            editor.rollback.mutate(rollingBackTo);
            setRollingBackTo(null);
          }}
          onCancel={() => setRollingBackTo(null)}
        >
          <p style={{ margin: 0 }}>Version {rollingBackTo} is published again as a new version, and loaded into the draft.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
