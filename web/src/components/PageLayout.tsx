import type { ComponentChildren } from 'preact';
import { useApp } from '../context';
import { HelpFooter } from './HelpFooter';

/** The HKUST header ("Credit Transfer System" / page title, the signed-in user, Sign out) and footer. */
export function PageLayout({ title, children }: { title: string; children: ComponentChildren }) {
  const { user, signOut } = useApp();
  return (
    <div class="page">
      <header class="site-header">
        <div class="site-header__inner">
          <div class="site-header__titles">
            <span class="brand">
              <span class="brand__mark" aria-hidden="true">
                HKUST
              </span>
              <span class="brand__name">Credit Transfer System</span>
            </span>
            <span class="site-header__divider" aria-hidden="true">
              /
            </span>
            <h1 class="site-header__page">{title}</h1>
          </div>
          {user && (
            <div class="site-header__user">
              <span class="site-header__name" data-testid="signed-in-user">
                {user.name}
              </span>
              <button type="button" class="button button--on-dark" onClick={signOut}>
                Sign out
              </button>
            </div>
          )}
        </div>
      </header>
      <main class="site-main" id="main">
        {children}
      </main>
      <HelpFooter />
    </div>
  );
}
