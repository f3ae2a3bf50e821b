// What a step declares for its mails and pages: content as blocks, never HTML. The module renders
// them (edge/mail.ts, edge/pages.ts), escaping every value, so no declaration can inject markup.

export type Span = string | { strong: string } | { code: string };

export interface Fact {
  label: string;
  /** Label when there is more than one value. */
  plural?: string;
  values: string[];
}

/** Blocks a mail and a page both render. */
export type Block =
  | { kind: 'p'; spans: Span[] }
  | { kind: 'facts'; rows: Fact[] }
  | { kind: 'quote'; label: string; text: string }
  /** A mail's one button: the action link. */
  | { kind: 'action'; label: string; href: string };

/** Blocks only a page renders. */
export type PageBlock =
  | Exclude<Block, { kind: 'action' }>
  | { kind: 'heading'; text: string }
  | { kind: 'list'; items: Span[][] }
  /** Links to documents, e.g. presigned, short-lived: the only absolute URLs a page may hold. */
  | {
      kind: 'documents';
      hint: string;
      empty: string;
      items: { label: string; href: string; note?: string }[];
    };

export const p = (...spans: Span[]): Block & { kind: 'p' } => ({ kind: 'p', spans });
export const quote = (label: string, text: string): Block => ({ kind: 'quote', label, text });
export const heading = (text: string): PageBlock => ({ kind: 'heading', text });

export const spanText = (s: Span): string => (typeof s === 'string' ? s : 'strong' in s ? s.strong : s.code);
export const factLabel = (f: Fact): string => (f.values.length > 1 && f.plural ? f.plural : f.label);

/** A control of a link's decision form. Names are the posted fields. */
export type FormField =
  | {
      kind: 'select';
      name: string;
      label: string;
      options: string[];
      selected: string;
    }
  | { kind: 'textarea'; name: string; label: string; hint: string };

export interface FormSpec {
  heading: string;
  /** The decision's radios (posted as `decision`). */
  legend: string;
  options: { value: string; label: string }[];
  /** Further controls, a fieldset each when it has a legend. */
  groups: { legend?: string; fields: FormField[] }[];
  note: string;
  submit: string;
}

/** The nouns a step's link pages speak in, so "already decided" and "expired" read in its words. */
export interface LinkWording {
  /** "course mapping request" */
  subject: string;
  /** "review link" */
  link: string;
  /** "reviewer": the renewed link goes to the "reviewer address on file". */
  recipient: string;
  /** "another department": who else may have decided. */
  others: string;
  /** The confirmation page's heading, e.g. "Course mapping review". */
  heading: string;
}

/** What every page of a links handler shares. */
export interface Site {
  /** The `<title>` of every page. */
  title: string;
  header: string;
  footer: string;
  /** "contact the Academic Registry (ARO)" */
  contact: string;
}
