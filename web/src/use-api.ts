import { useCallback, useEffect, useState } from 'preact/hooks';
import { type ApiError, asApiError, type Input, type Operation, type Output, requestLine } from './api';
import { useApp } from './context';

export type Resource<T> =
  | { state: 'loading' }
  | { state: 'loaded'; data: T }
  | { state: 'failed'; error: ApiError };

/**
 * Calls a reading operation when the component mounts, and again when its input changes (compared by
 * the URL it makes); `reload` calls it again. With `refreshOnReturn`, it is read again, quietly (what
 * is shown stays until the answer replaces it), whenever the student comes back to the tab: a page
 * left open while a request was decided shows the decision.
 */
export function useCall<O extends Operation>(
  operation: O,
  input: Input<O>,
  options: { refreshOnReturn?: boolean } = {},
): { resource: Resource<Output<O>>; reload: () => void } {
  const { api } = useApp();
  const [resource, setResource] = useState<Resource<Output<O>>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [quietAttempt, setQuietAttempt] = useState(0);
  const { url } = requestLine(operation, input);

  // `url` stands for `input` (a new object every render); `attempt` is there only to call again on reload().
  useEffect(() => {
    const controller = new AbortController();
    setResource({ state: 'loading' });
    const call = api.call as (op: O, input: Input<O>, init: { signal: AbortSignal }) => Promise<Output<O>>;
    call(operation, input, { signal: controller.signal }).then(
      (data) => setResource({ state: 'loaded', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setResource({ state: 'failed', error: asApiError(error) });
      },
    );
    return () => controller.abort();
  }, [api, operation, url, attempt]);

  // A quiet refresh replaces the data when it comes, and leaves the page as it is if it fails.
  useEffect(() => {
    if (quietAttempt === 0) return;
    const controller = new AbortController();
    const call = api.call as (op: O, input: Input<O>, init: { signal: AbortSignal }) => Promise<Output<O>>;
    call(operation, input, { signal: controller.signal }).then(
      (data) => setResource({ state: 'loaded', data }),
      () => undefined,
    );
    return () => controller.abort();
  }, [quietAttempt]);

  useEffect(() => {
    if (!options.refreshOnReturn) return;
    const onReturn = () => {
      if (document.visibilityState === 'visible') setQuietAttempt((n) => n + 1);
    };
    document.addEventListener('visibilitychange', onReturn);
    window.addEventListener('focus', onReturn);
    return () => {
      document.removeEventListener('visibilitychange', onReturn);
      window.removeEventListener('focus', onReturn);
    };
  }, [options.refreshOnReturn]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { resource, reload };
}
