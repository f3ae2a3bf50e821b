import type { JSX } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { createApiClient } from './api';
import { beginSignIn, clearSession, currentSession, signedInMomentsAgo, signOut } from './auth';
import { PageLayout } from './components/PageLayout';
import type { AppConfig } from './config';
import { AppContext, type AppContextValue } from './context';
import { NotFoundPage } from './pages/NotFoundPage';
import { navigate, resolveRoute, useLocation } from './router';

const rejectedSignIn =
  'The CTS service did not accept your sign-in. Please try again later, or contact the Academic Registry if this persists.';

/** The shell: the current page from the hash route, behind sign-in unless the page is public. */
export function App({ config, initialNotice }: { config: AppConfig; initialNotice?: string | undefined }) {
  const location = useLocation();
  const [user, setUser] = useState(() => currentSession()?.user);
  const [notice, setNotice] = useState(initialNotice);

  // beginSignIn fails only before leaving the page, e.g. without WebCrypto on a plain-http host name.
  const startSignIn = useCallback(
    (returnTo: string) =>
      beginSignIn(config, returnTo).catch((error: unknown) => {
        setNotice(`Sign-in could not start: ${error instanceof Error ? error.message : String(error)}`);
        navigate('#/', { replace: true });
      }),
    [config],
  );

  const signIn = useCallback(
    (returnTo = '#/dashboard') => {
      setNotice(undefined);
      void startSignIn(returnTo);
    },
    [startSignIn],
  );

  const api = useMemo(
    () =>
      createApiClient({
        config,
        idToken: () => currentSession()?.idToken,
        // The token is missing, expired or rejected: sign in again, unless a sign-in has just
        // completed (then the API rejects fresh tokens, and signing in again would only loop).
        onUnauthorized: () => {
          clearSession();
          setUser(undefined);
          if (signedInMomentsAgo()) {
            setNotice(rejectedSignIn);
            navigate('#/', { replace: true });
          } else {
            void startSignIn(window.location.hash || '#/dashboard');
          }
        },
      }),
    [config, startSignIn],
  );

  const context: AppContextValue = useMemo(
    () => ({ config, api, user, signIn, signOut: () => signOut(config), notice }),
    [config, api, user, signIn, notice],
  );

  const match = resolveRoute(location.path);
  const needsSignIn = match?.route.access === 'signed-in' && !currentSession();

  useEffect(() => {
    document.title = `${match?.route.title ?? 'Page not found'} · Credit Transfer System`;
  }, [match?.route.title]);

  useEffect(() => {
    if (needsSignIn) void startSignIn(window.location.hash || '#/dashboard');
  }, [needsSignIn, startSignIn]);

  let content: JSX.Element;
  if (!match) content = <NotFoundPage />;
  else if (needsSignIn) {
    content = (
      <PageLayout title={match.route.title}>
        <p class="loading" role="status">
          Redirecting you to sign in…
        </p>
      </PageLayout>
    );
  } else {
    const Page = match.route.page;
    content = <Page params={match.params} query={location.query} />;
  }

  return <AppContext.Provider value={context}>{content}</AppContext.Provider>;
}
