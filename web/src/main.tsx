import { render } from 'preact';
import { App } from './app';
import { completeSignIn } from './auth';
import { type AppConfig, loadConfig } from './config';
import { registerRoutes } from './router';
import { routes } from './routes';

// Boots the SPA: reads /config.json, completes a sign-in when this is the OAuth redirect, then
// renders the page of the hash route.

function renderFatal(root: HTMLElement, message: string) {
  render(
    <main class="site-main">
      <div class="alert alert--error" role="alert">
        <p class="alert__title">The Credit Transfer System could not start</p>
        <p>{message}</p>
      </div>
    </main>,
    root,
  );
}

async function boot(root: HTMLElement) {
  // /api-docs/ without its file name reaches the SPA (the hosts answer unknown paths with it): the
  // documentation page is one step further.
  if (/^\/api-docs\/?$/.test(window.location.pathname)) {
    window.location.replace('/api-docs/index.html');
    return;
  }
  registerRoutes(routes);
  let config: AppConfig;
  try {
    config = await loadConfig();
  } catch (error) {
    renderFatal(root, error instanceof Error ? error.message : String(error));
    return;
  }
  const callback = await completeSignIn(config);
  root.replaceChildren();
  render(
    <App config={config} initialNotice={callback.kind === 'failed' ? callback.message : undefined} />,
    root,
  );
}

const root = document.getElementById('app');
if (root) void boot(root);
