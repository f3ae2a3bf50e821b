/** A JSON-LD context document as a document loader returns it: only its `@context` matters. */
export interface ContextDocument {
  readonly '@context': Readonly<Record<string, unknown>>;
}
