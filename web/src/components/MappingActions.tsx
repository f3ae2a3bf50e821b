import { useState } from 'preact/hooks';
import { type ApiError, asApiError, errorBody } from '../api';
import { useApp } from '../context';
import type { MappingAction } from '../contracts';
import { applicationHref, mappingHref } from '../links';
import { navigate } from '../router';

// The Action column (guide §4.1-4.7, §5.1). Actions that need documents open the mapping's page;
// Notify Me acts where it is pressed and turns into "Will Notify You"; Apply for CT adds the mapping
// to My Credit Transfer Applications and opens the new draft.

/** Clicks inside a clickable row must not also open the row. */
const stop = (e: Event) => e.stopPropagation();

export function NotifyMeButton({
  recordId,
  mappingRef,
  onNotified,
}: {
  recordId: string;
  mappingRef: string;
  onNotified: () => void;
}) {
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  async function press(e: Event) {
    stop(e);
    setBusy(true);
    setError(undefined);
    try {
      await api.call('notifyMe', { path: { recordId, ref: mappingRef } });
      onNotified();
    } catch (failure) {
      setError(asApiError(failure));
      setBusy(false);
    }
  }
  return (
    <span class="action">
      <button
        type="button"
        class="button button--small"
        disabled={busy}
        aria-label={`Notify Me about ${mappingRef}`}
        onClick={press}
      >
        Notify Me
      </button>
      {error && (
        <span class="field-error" role="alert">
          {error.message}
        </span>
      )}
    </span>
  );
}

export function WillNotifyYou() {
  return (
    <span class="action-done" role="status">
      Will Notify You
    </span>
  );
}

/**
 * Apply for CT (guide §5.1): the approved mapping becomes a Draft application of this study record,
 * opened at once for its final grades. Applying twice opens the application that exists instead,
 * which says so: the record has one application per mapping.
 */
export function ApplyForCtAction({ recordId, mappingRef }: { recordId: string; mappingRef: string }) {
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  async function press(e: Event) {
    stop(e);
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.call('applyForCreditTransfer', {
        path: { recordId },
        body: { ref: mappingRef },
      });
      navigate(applicationHref(recordId, created.applicationId));
    } catch (failure) {
      const err = asApiError(failure);
      const conflict = errorBody(err, 'applyForCreditTransfer', 409);
      if (conflict && 'applicationId' in conflict) {
        navigate(applicationHref(recordId, conflict.applicationId, { notice: 'already-applied' }));
        return;
      }
      setError(err);
      setBusy(false);
    }
  }
  return (
    <span class="action">
      <button
        type="button"
        class="button button--small"
        disabled={busy}
        aria-label={`Apply for CT with ${mappingRef}`}
        onClick={press}
      >
        {busy ? 'Applying…' : 'Apply for CT'}
      </button>
      {error && (
        <span class="field-error" role="alert">
          {error.message}
        </span>
      )}
    </span>
  );
}

export function MappingActionCell({
  recordId,
  mappingRef,
  action,
  onNotified,
}: {
  recordId: string;
  mappingRef: string;
  action: MappingAction | undefined;
  onNotified: () => void;
}) {
  switch (action) {
    case 'Notify Me':
      return <NotifyMeButton recordId={recordId} mappingRef={mappingRef} onNotified={onNotified} />;
    case 'Will Notify You':
      return <WillNotifyYou />;
    case 'Apply for CT':
      return <ApplyForCtAction recordId={recordId} mappingRef={mappingRef} />;
    case 'Provide Info':
    case 'Extend':
    case 'Appeal':
      return (
        <a
          class="button button--small"
          href={mappingHref(recordId, mappingRef)}
          aria-label={`${action} for ${mappingRef}`}
          onClick={stop}
        >
          {action}
        </a>
      );
    default:
      return null;
  }
}
