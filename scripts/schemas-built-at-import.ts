// Imported first by the OpenAPI generator, before any contract: zod's JSON Schema generator tells
// schemas apart by identity, which the cold-start stand-ins of lazySchema (functions/commons/
// contracts.ts) do not keep, so here every schema is built as its module is imported.
process.env.CTS_SCHEMAS = 'built-at-import';
