// What the Lambda bundles get for @digitalbazaar/http-client (scripts/build.ts): jsonld's network
// document loader imports it, and the transcript verifier never loads a document from the network
// (its loader knows only the contexts bundled with CTS). Without it the hook's bundle loses undici,
// ky and the client (~420 KB), and no network code is left in reach of a credential file.
export const httpClient = {
  get(url: string): never {
    throw new Error(`CTS loads no JSON-LD document from the network (${url})`);
  },
};
