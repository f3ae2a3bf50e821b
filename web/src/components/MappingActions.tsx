import { useState } from 'preact/hooks';
import { type ApiError, asApiError } from '../api';
import { useApp } from '../context';
import type { MappingAction } from '../contracts';
import { mappingHref } from '../links';

// The Action column (guide §4.1-4.7). Actions that need documents open the mapping's page; Notify Me
// acts where it is pressed and turns into "Will Notify You".

const applyForCtLater = 'Credit transfer applications with approved mappings are coming to CTS soon';

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

export function ApplyForCtButton() {
  return (
    <button
      type="button"
      class="button button--small"
      aria-disabled="true"
      title={applyForCtLater}
      aria-description={applyForCtLater}
      onClick={stop}
    >
      Apply for CT
    </button>
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
      return <ApplyForCtButton />;
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
