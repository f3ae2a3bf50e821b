import { useState } from 'preact/hooks';
import { contracts } from '../../../functions/contracts.js';
import { type ApiError, asApiError } from '../api';
import { useApp } from '../context';
import type { MappingStatus } from '../contracts';
import { FieldError, type FieldIssues, issueAt, issuesByField, noIssues, schemaIssues } from './FieldIssues';
import { type AttachedPdf, PdfUploader, uploadsPending, verifiedUploadIds } from './PdfUploader';

// Provide Info (§4.4), Extend (§4.6) and Appeal (§4.7) all send new PDFs (and, for an appeal, a
// justification) and put the mapping back to Request Initiated; only the wording differs.

export type ResubmitKind = 'provide-info' | 'extend' | 'appeal';

const operations = {
  'provide-info': 'provideInfo',
  extend: 'extendMapping',
  appeal: 'appealMapping',
} as const satisfies Record<ResubmitKind, string>;

const wording: Record<ResubmitKind, { heading: string; intro: string; documents: string }> = {
  'provide-info': {
    heading: 'Provide Information',
    intro:
      'Upload the requested information in PDF format and Submit. The status of the mapping will then be updated to “Request Initiated”.',
    documents: 'Supporting Documents',
  },
  extend: {
    heading: 'Extend Expired Mapping',
    intro:
      'Provide updated documents (e.g. course syllabus) to extend the expired mapping: the same incoming course mapped to the same HKUST course.',
    documents: 'Updated Documents',
  },
  appeal: {
    heading: 'Appeal',
    intro:
      'Upload supporting documents (e.g., comparison tables) and provide justification to Submit the appeal request.',
    documents: 'Supporting Documents',
  },
};

export function ResubmitForm({
  kind,
  recordId,
  mappingRef,
  onDone,
}: {
  kind: ResubmitKind;
  recordId: string;
  mappingRef: string;
  onDone: (status: MappingStatus) => void;
}) {
  const { api } = useApp();
  const [files, setFiles] = useState<AttachedPdf[]>([]);
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<FieldIssues>(noIssues);
  const [failure, setFailure] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const words = wording[kind];
  const textField = kind === 'appeal' ? 'body.justification' : 'body.note';

  function check(): FieldIssues {
    // Documents still being checked are the page's own state; every other rule is the operation's.
    const issues = new Map(schemaIssues(contracts[operations[kind]].request.shape.body, bodyOf()));
    if (uploadsPending(files))
      issues.set('body.documentIds', 'Please wait until your documents have been checked');
    return issues;
  }

  function bodyOf() {
    const documentIds = verifiedUploadIds(files);
    return kind === 'appeal'
      ? { documentIds, justification: text.trim() }
      : { documentIds, ...(text.trim() ? { note: text.trim() } : {}) };
  }

  function send() {
    const path = { recordId, ref: mappingRef };
    const body = bodyOf();
    if (kind === 'appeal')
      return api.call('appealMapping', { path, body: { ...body, justification: text.trim() } });
    return api.call(operations[kind], { path, body });
  }

  async function submit(e: Event) {
    e.preventDefault();
    setFailure(undefined);
    const found = check();
    setIssues(found);
    if (found.size > 0) return;
    setBusy(true);
    try {
      const result = await send();
      onDone(result.status);
    } catch (error) {
      const err = asApiError(error);
      setFailure(err);
      setIssues(issuesByField(err.issues));
      setBusy(false);
    }
  }

  const textError = issueAt(issues, textField);
  // Problems of no field shown here are listed in the alert.
  const unplaced =
    failure?.issues.filter((i) => !i.field.startsWith('body.documentIds') && i.field !== textField) ?? [];
  const formId = `resubmit-${kind}`;
  return (
    <section class="card" aria-labelledby={`${formId}-heading`}>
      <h2 id={`${formId}-heading`}>{words.heading}</h2>
      <p>{words.intro}</p>
      {failure && (
        <div class="alert alert--error" role="alert">
          <p class="alert__title">Your documents were not submitted</p>
          {failure.issues.length === 0 && <p>{failure.message}</p>}
          {unplaced.length > 0 && (
            <ul>
              {unplaced.map((i) => (
                <li key={`${i.field}:${i.reason}`}>{i.reason}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <form onSubmit={submit} noValidate>
        {kind === 'appeal' && (
          <div class="field">
            <label for={`${formId}-text`}>
              <span class="required" aria-hidden="true">
                *{' '}
              </span>
              Justification
            </label>
            <textarea
              id={`${formId}-text`}
              rows={5}
              maxLength={4000}
              required
              value={text}
              aria-invalid={textError ? true : undefined}
              aria-describedby={textError ? `${formId}-text-error` : undefined}
              onInput={(e) => setText(e.currentTarget.value)}
            />
            <FieldError id={`${formId}-text-error`} message={textError} />
          </div>
        )}
        <PdfUploader
          id={`${formId}-documents`}
          label={words.documents}
          required
          files={files}
          onChange={(update) => {
            setIssues((all) => new Map([...all].filter(([f]) => !f.startsWith('body.documentIds'))));
            setFiles(update);
          }}
          error={issueAt(issues, 'body.documentIds')}
        />
        {kind !== 'appeal' && (
          <div class="field">
            <label for={`${formId}-text`}>Note to the reviewer (optional)</label>
            <textarea
              id={`${formId}-text`}
              rows={3}
              maxLength={4000}
              value={text}
              aria-invalid={textError ? true : undefined}
              aria-describedby={textError ? `${formId}-text-error` : undefined}
              onInput={(e) => setText(e.currentTarget.value)}
            />
            <FieldError id={`${formId}-text-error`} message={textError} />
          </div>
        )}
        <div class="form-actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? 'Submitting…' : 'Submit'}
          </button>
        </div>
      </form>
    </section>
  );
}
