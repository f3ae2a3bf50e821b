import type { ApiError } from '../api';

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      Loading {what}…
    </p>
  );
}

/** An API failure, in the API's own words, with a way to try again when that can help. */
export function ErrorPanel({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: ApiError;
  onRetry?: () => void;
}) {
  const retryable = error.status === 0 || error.status >= 500 || error.status === 429;
  return (
    <div class="alert alert--error" role="alert">
      <p class="alert__title">{title}</p>
      <p>{error.message}</p>
      {error.issues.length > 0 && (
        <ul>
          {error.issues.map((issue) => (
            <li key={`${issue.field}:${issue.reason}`}>
              {issue.field}: {issue.reason}
            </li>
          ))}
        </ul>
      )}
      {retryable && onRetry && (
        <button type="button" class="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
