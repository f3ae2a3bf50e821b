// The security headers on every response of the web front end, in one place: CloudFront's response
// headers policy is built from them (lib/constructs/web-hosting.ts) and the local web host sends them
// (local/gateway.ts). This module imports nothing, so the local runtime does not load CDK.
//
// Only the origins the SPA may reach differ. In AWS they are AWS-owned domains it learns at run time
// from config.json: the HTTP API (execute-api), the uploads bucket (presigned POST) and the Cognito
// hosted UI. Locally they are the emulators, each on its own localhost port.

export interface WebOrigins {
  /** Where the SPA may fetch: API, uploads, token endpoint. */
  connect: readonly string[];
  /** Where a form on the page may post, besides the page's own origin. */
  formAction: readonly string[];
}

export const awsWebOrigins: WebOrigins = {
  connect: ['https://*.amazonaws.com', 'https://*.amazoncognito.com'],
  formAction: ['https://*.amazoncognito.com'],
};

export const localWebOrigins: WebOrigins = {
  connect: ['http://localhost:*', 'http://127.0.0.1:*'],
  formAction: [],
};

export type WebSecurityHeaders = Readonly<Record<string, string>>;

/** Header names are lower case, as HTTP/2 sends them. */
export function webSecurityHeaders(origins: WebOrigins): WebSecurityHeaders {
  return {
    'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    // The legacy XSS auditor is gone from current browsers and could be abused to blank or probe a
    // page where it survives; CSP does its job. "0" is what OWASP and MDN advise.
    'x-xss-protection': '0',
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      // Preact sets positioning through element.style; the sign-in page has one inline <style>.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      ["connect-src 'self'", ...origins.connect].join(' '),
      "frame-ancestors 'none'",
      "base-uri 'self'",
      ["form-action 'self'", ...origins.formAction].join(' '),
      "object-src 'none'",
    ].join('; '),
  };
}
