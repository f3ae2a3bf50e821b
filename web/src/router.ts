import type { FunctionComponent } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';

// A tiny hash router: `#/dashboard`, `#/records/<recordId>?tab=..`. Pages are listed once, in
// routes.tsx; pages build links with `linkTo`, which answers undefined for a page not routed yet,
// so no link points at nothing.

export interface PageProps {
  /** Path parameters, decoded: `{ recordId }` for `/records/:recordId`. */
  params: Record<string, string>;
  query: URLSearchParams;
}

export interface PageRoute {
  /** `/records/:recordId`: literal segments and `:name` parameters. */
  pattern: string;
  page: FunctionComponent<PageProps>;
  /** `public` pages show without signing in; the others send a signed-out visitor to sign in. */
  access: 'public' | 'signed-in';
  /** The document title's first part. */
  title: string;
}

export interface Location {
  path: string;
  query: URLSearchParams;
}

export function parseHash(hash: string): Location {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const path = `/${pathPart.replace(/^\/+/, '').replace(/\/+$/, '')}`;
  return { path, query: new URLSearchParams(queryPart) };
}

const segmentsOf = (path: string): string[] => path.split('/').filter(Boolean);

export function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = segmentsOf(pattern);
  const got = segmentsOf(path);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i] ?? '';
    if (segment.startsWith(':')) {
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (segment !== actual) {
      return undefined;
    }
  }
  return params;
}

let routeTable: readonly PageRoute[] = [];

/** Called once by main.tsx with the table from routes.tsx. */
export function registerRoutes(routes: readonly PageRoute[]): void {
  routeTable = routes;
}

export function resolveRoute(path: string): { route: PageRoute; params: Record<string, string> } | undefined {
  for (const route of routeTable) {
    const params = matchPattern(route.pattern, path);
    if (params) return { route, params };
  }
  return undefined;
}

/**
 * The href of a page, or undefined while no page is routed at `pattern`:
 * `linkTo('/records/:recordId', { recordId })` -> `#/records/R1`.
 */
export function linkTo(
  pattern: string,
  params: Record<string, string> = {},
  query?: Record<string, string>,
): string | undefined {
  if (!routeTable.some((r) => r.pattern === pattern)) return undefined;
  const path = pattern.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) =>
    encodeURIComponent(params[name] ?? ''),
  );
  const search = query ? new URLSearchParams(query).toString() : '';
  return `#${path}${search ? `?${search}` : ''}`;
}

export function navigate(hash: string, options: { replace?: boolean } = {}): void {
  const target = hash.startsWith('#') ? hash : `#${hash}`;
  if (options.replace) {
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${target}`);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = target;
  }
}

/** The current location, re-rendering on every hash change. */
export function useLocation(): Location {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return useMemo(() => parseHash(hash), [hash]);
}
