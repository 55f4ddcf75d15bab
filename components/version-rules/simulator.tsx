'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiFetch } from '../api';
import { ErrorBanners, Field } from '../console-ui';

interface Request {
  osCode: string;
  packageName: string;
  buildNumber: string;
  apiVersion: string;
}

/** cmd_check_client_version's answer (docs/protocol.md): a status, and for an upgrade the rule's message and link. */
interface SimulatedPayload {
  status: number;
  errorMessage?: { message: string; downloadLink: string }[] | null;
}

const verdicts: Record<number, { words: string; tone: string }> = {
  [-1]: { words: 'Must upgrade', tone: 'error' },
  1: { words: 'Should upgrade', tone: 'warn' },
  0: { words: 'Up to date', tone: 'ok' },
};

/** The answer in words, with what the client shows; the exact payload one click away. */
function Verdict({ payload }: { payload: SimulatedPayload }) {
  const verdict = verdicts[payload.status] ?? { words: `Status ${payload.status}`, tone: 'warn' };
  const upgrade = payload.errorMessage?.[0];
  return (
    <div style={{ marginTop: 12 }}>
      <div className={`banner ${verdict.tone}`} role="status">
        <strong>{verdict.words}</strong>
        {upgrade && (
          <>
            {': '}
            {upgrade.message}
            <div>
              Download: <a href={upgrade.downloadLink}>{upgrade.downloadLink}</a>
            </div>
          </>
        )}
      </div>
      <details className="change">
        <summary>Raw payload</summary>
        <pre className="json-block" style={{ marginTop: 6 }} aria-label="Simulated payload">
          {JSON.stringify(payload, null, 2)}
        </pre>
      </details>
    </div>
  );
}

/** Asks the server what cmd_check_client_version would answer: the same lookup and function as the XMPP service. */
export function VersionSimulator() {
  const [request, setRequest] = useState<Request>({ osCode: 'ANDROID', packageName: '', buildNumber: '', apiVersion: '' });
  const simulate = useMutation({
    mutationFn: () =>
      apiFetch<{ payload: SimulatedPayload }>('/api/version-rules/simulate', {
        method: 'POST',
        json: { ...request, buildNumber: Number(request.buildNumber), apiVersion: Number(request.apiVersion) },
      }),
  });
  const set = (key: keyof Request, value: string) => setRequest((current) => ({ ...current, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    simulate.mutate();
  };
  const complete = Object.values(request).every((value) => value.trim() !== '');

  return (
    <section className="card section" aria-label="Simulator">
      <h2 style={{ fontSize: 15, marginTop: 0 }}>Simulator</h2>
      <p className="muted" style={{ marginTop: 0 }}>
        What a client sending <code>cmd_check_client_version</code> with these values receives.
      </p>
      <form className="form-grid" onSubmit={submit}>
        <Field label="osCode">
          <input value={request.osCode} onChange={(event) => set('osCode', event.target.value)} />
        </Field>
        <Field label="packageName">
          <input value={request.packageName} onChange={(event) => set('packageName', event.target.value)} />
        </Field>
        <Field label="buildNumber">
          <input type="number" step={1} value={request.buildNumber} onChange={(event) => set('buildNumber', event.target.value)} />
        </Field>
        <Field label="apiVersion">
          <input type="number" step={1} value={request.apiVersion} onChange={(event) => set('apiVersion', event.target.value)} />
        </Field>
        <div className="field" style={{ justifyContent: 'flex-end' }}>
          <button type="submit" className="primary" disabled={!complete || simulate.isPending}>
            Simulate
          </button>
        </div>
      </form>
      <ErrorBanners errors={[simulate]} />
      {simulate.data && <Verdict payload={simulate.data.payload} />}
    </section>
  );
}
