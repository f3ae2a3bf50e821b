// Starts Swagger UI on /api-docs/index.html (scripts/api-docs.ts builds the page): the OpenAPI
// document beside it, pointed at this deployment's API from /config.json (the same file the SPA
// reads), so "Try it out" calls the API it documents with the token pasted under Authorize.

interface SwaggerUi {
  (options: Record<string, unknown>): unknown;
  presets: { apis: unknown };
}

declare global {
  interface Window {
    SwaggerUIBundle?: SwaggerUi;
  }
}

async function readJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

function showFailure(root: HTMLElement, message: string): void {
  const alert = document.createElement('p');
  alert.className = 'api-docs__failure';
  alert.setAttribute('role', 'alert');
  alert.textContent = `The API documentation could not start: ${message}`;
  root.replaceChildren(alert);
}

async function start(root: HTMLElement): Promise<void> {
  const SwaggerUIBundle = window.SwaggerUIBundle;
  if (!SwaggerUIBundle) throw new Error('swagger-ui-bundle.js did not load');
  const [config, spec] = await Promise.all([readJson('/config.json'), readJson('openapi.json')]);
  if (typeof config.apiUrl !== 'string' || config.apiUrl === '')
    throw new Error('/config.json names no apiUrl');
  spec.servers = [{ url: config.apiUrl.replace(/\/+$/, ''), description: 'The CTS API of this deployment' }];
  root.replaceChildren();
  SwaggerUIBundle({
    spec,
    domNode: root,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    deepLinking: true,
    displayOperationId: true,
    filter: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    // The token stays in this tab's memory only: never written to localStorage.
    persistAuthorization: false,
    // No badge fetched from validator.swagger.io: the page reaches nothing but this deployment.
    validatorUrl: null,
    tryItOutEnabled: false,
  });
}

const root = document.getElementById('swagger-ui');
if (root)
  start(root).catch((error: unknown) =>
    showFailure(root, error instanceof Error ? error.message : String(error)),
  );

// A module, so that its global declaration above is one.
export {};
