import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';
import { useApp } from './context';

export type Resource<T> =
  | { state: 'loading' }
  | { state: 'loaded'; data: T }
  | { state: 'failed'; error: ApiError };

/** GETs `path` when the component mounts (and when `path` changes); `reload` fetches it again. */
export function useApiGet<T>(path: string): { resource: Resource<T>; reload: () => void } {
  const { api } = useApp();
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // `attempt` is in the dependencies only to fetch again on reload().
  useEffect(() => {
    const controller = new AbortController();
    setResource({ state: 'loading' });
    api.get<T>(path, { signal: controller.signal }).then(
      (data) => setResource({ state: 'loaded', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setResource({
          state: 'failed',
          error:
            error instanceof ApiError
              ? error
              : new ApiError(0, 'ClientError', error instanceof Error ? error.message : String(error)),
        });
      },
    );
    return () => controller.abort();
  }, [api, path, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { resource, reload };
}
