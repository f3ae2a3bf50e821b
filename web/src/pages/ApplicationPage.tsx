import { useEffect, useRef, useState } from 'preact/hooks';
import { type ApiError, asApiError, type Output } from '../api';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { ConversionSteps } from '../components/ConversionSteps';
import { HomeCourses, IncomingCourses, incomingCourseText } from '../components/Courses';
import { DownloadSignedDecision } from '../components/DownloadSignedDecision';
import { ErrorPanel, Loading } from '../components/Feedback';
import {
  asSentence,
  FieldError,
  type FieldIssues,
  issueAt,
  issuesByField,
  noIssues,
} from '../components/FieldIssues';
import { deletedApplicationParam } from '../components/MyCreditTransferApplications';
import { PageLayout } from '../components/PageLayout';
import { type AttachedPdf, PdfUploader, uploadsPending, verifiedUploadIds } from '../components/PdfUploader';
import { StatusBadge } from '../components/StatusBadge';
import { TableScroll } from '../components/TableScroll';
import { useApp } from '../context';
import type { ApplicationConversionView } from '../contracts';
import { dashboardHref, mappingHref, recordHref } from '../links';
import { navigate, type PageProps } from '../router';
import { useCall } from '../use-api';
import { useDebounced } from '../use-debounced';

// Guide §5.1, one credit transfer application: the approved mapping applied for, and "Course
// Evidence and Final Grades" with a final grade per incoming course, kept with Save as Draft until
// the grades are out, then Submit (with a justification after the term's application deadline).
// After Submit the page follows the application: the program offices' endorsements, ARO's Need
// Further Info with Provide Info, the decision with the credits transferred; Withdraw before a
// decision, Reopen after a withdrawal or a Not Endorsed. Delete removes a draft, which lets the
// mapping be applied for again.

type Application = Output<'getMyApplication'>;

/** Today in Hong Kong, as deadlines are whole days there. */
const todayInHongKong = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export function ApplicationPage({ params, query }: PageProps) {
  const recordId = params.recordId ?? '';
  const applicationId = params.applicationId ?? '';
  const { resource, reload } = useCall('getMyApplication', { path: { applicationId } });
  const alreadyApplied = query.get('notice') === 'already-applied';
  return (
    <PageLayout title="Credit Transfer Application">
      <Breadcrumbs
        trail={[
          { label: 'My Dashboard', href: dashboardHref() },
          { label: 'Study Record', href: recordHref(recordId) },
          { label: 'Credit Transfer Application' },
        ]}
      />
      {alreadyApplied && (
        <div class="alert alert--info" role="status">
          You have already applied for credit transfer with this mapping, so here is that application: a study
          record has one application per mapping.
        </div>
      )}
      {resource.state === 'loading' && <Loading what="your credit transfer application" />}
      {resource.state === 'failed' && (
        <ErrorPanel
          title="Your credit transfer application could not be loaded"
          error={resource.error}
          onRetry={reload}
        />
      )}
      {resource.state === 'loaded' && (
        <ApplicationDetail key={applicationId} start={resource.data} onReload={reload} />
      )}
    </PageLayout>
  );
}

/**
 * `stale` is a 409 on Save or Delete: the version read moved on, or the application is no longer a
 * Draft. Either way what is on screen is out of date, and only reading it again helps.
 */
type Failure = { kind: 'stale' } | { kind: 'error'; error: ApiError };

const gradesOf = (a: Application): string[] => a.incomingCourses.map((c) => c.finalGrade ?? '');

function ApplicationDetail({ start, onReload }: { start: Application; onReload: () => void }) {
  const { api } = useApp();
  const [application, setApplication] = useState(start);
  const [grades, setGrades] = useState(() => gradesOf(start));
  const [busy, setBusy] = useState<'save' | 'submit' | 'delete' | 'withdraw' | 'reopen'>();
  const [justification, setJustification] = useState('');
  const [done, setDone] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<Failure>();
  const [issues, setIssues] = useState<FieldIssues>(noIssues);
  const [confirming, setConfirming] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // Delete is replaced by its question: keep the keyboard on the safe answer, and back.
  useEffect(() => {
    if (confirming) keep.current?.focus();
    else if (asked.current) deleteButton.current?.focus();
    asked.current = confirming;
  }, [confirming]);

  const recordId = application.recordId;
  const editable = application.status === 'Draft';
  const late = editable && todayInHongKong() > application.applicationDeadline;

  function failed(error: unknown) {
    const err = asApiError(error);
    if (err.status === 409) {
      setFailure({ kind: 'stale' });
      return;
    }
    setFailure({ kind: 'error', error: err });
    if (err.status === 400) setIssues(issuesByField(err.issues));
  }

  async function save(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy('save');
    setSaved(false);
    setFailure(undefined);
    setIssues(noIssues);
    try {
      // Sent in the courses' order, so the API's `body.finalGrades.N` is the Nth field on the page; a
      // blank grade is left out, which is what Save as Draft before the grades are out means.
      const next = await api.call('saveApplicationDraft', {
        path: { applicationId: application.applicationId },
        body: { finalGrades: finalGradesOf(), version: application.version },
      });
      setApplication(next);
      setGrades(gradesOf(next));
      setSaved(true);
    } catch (error) {
      failed(error);
    } finally {
      setBusy(undefined);
    }
  }

  const finalGradesOf = () =>
    application.incomingCourses.map((c, i) => {
      const grade = (grades[i] ?? '').trim();
      return grade === '' ? { code: c.code } : { code: c.code, grade };
    });

  async function submit() {
    if (busy) return;
    setBusy('submit');
    setSaved(false);
    setDone(undefined);
    setFailure(undefined);
    setIssues(noIssues);
    try {
      const next = await api.call('submitApplication', {
        path: { applicationId: application.applicationId },
        body: {
          finalGrades: finalGradesOf(),
          ...(late && justification.trim() ? { lateJustification: justification.trim() } : {}),
          version: application.version,
        },
      });
      setApplication(next);
      setGrades(gradesOf(next));
      setDone(`Submitted. Your application is now ${next.status}; you will be emailed at each step.`);
    } catch (error) {
      failed(error);
    } finally {
      setBusy(undefined);
    }
  }

  async function change(kind: 'withdraw' | 'reopen') {
    if (busy) return;
    setBusy(kind);
    setDone(undefined);
    setFailure(undefined);
    try {
      const body = {
        body: { version: application.version },
        path: { applicationId: application.applicationId },
      };
      const next = await api.call(kind === 'withdraw' ? 'withdrawApplication' : 'reopenApplication', body);
      setApplication(next);
      setGrades(gradesOf(next));
      setDone(kind === 'withdraw' ? 'Your application is withdrawn.' : 'Your application is a draft again.');
    } catch (error) {
      failed(error);
    } finally {
      setBusy(undefined);
    }
  }

  async function remove() {
    setBusy('delete');
    setFailure(undefined);
    try {
      await api.call('deleteApplicationDraft', { path: { applicationId: application.applicationId } });
      navigate(recordHref(recordId, { [deletedApplicationParam]: application.ref }));
    } catch (error) {
      setConfirming(false);
      failed(error);
      setBusy(undefined);
    }
  }

  const typed = (index: number, value: string) => {
    setSaved(false);
    setIssues((all) => new Map([...all].filter(([field]) => !field.startsWith(`body.finalGrades.${index}`))));
    setGrades((all) => all.map((g, i) => (i === index ? value : g)));
  };

  return (
    <>
      <section class="card record-header" aria-labelledby="application-heading">
        <h2 id="application-heading">D.B. Ref. No. {application.ref}</h2>
        <dl class="facts">
          <div>
            <dt>Application Status</dt>
            <dd>
              <StatusBadge status={application.status} />
            </dd>
          </div>
          <div>
            <dt>Institution</dt>
            <dd>{application.institutionName}</dd>
          </div>
          <div>
            <dt>Transfer Term</dt>
            <dd>{application.transferTerm}</dd>
          </div>
          <div>
            <dt>Application Deadline</dt>
            <dd>{application.applicationDeadline}</dd>
          </div>
          <div>
            <dt>Last Modified</dt>
            <dd data-testid="application-last-modified">{application.lastModified}</dd>
          </div>
        </dl>
      </section>

      <Progress application={application} />
      {editable && <ProjectedCredits application={application} grades={grades} />}

      {application.actions.includes('provide-info') && (
        <ProvideInfoForm
          application={application}
          onDone={(next) => {
            setApplication(next);
            setGrades(gradesOf(next));
            setDone(`Thank you. Your information is sent; the application is ${next.status} again.`);
          }}
        />
      )}

      <section class="card" aria-labelledby="applied-mapping-heading">
        <h2 id="applied-mapping-heading">Approved Mapping</h2>
        <TableScroll label="Approved Mapping">
          <table class="data-table data-table--wrap-head" aria-labelledby="applied-mapping-heading">
            <thead>
              <tr>
                <th scope="col">Incoming Course & Title</th>
                <th scope="col">Equivalent HKUST Course</th>
                <th scope="col">D.B. Ref. No.</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>
                  <IncomingCourses courses={application.incomingCourses} />
                </td>
                <td>
                  <HomeCourses courses={application.homeCourses} />
                </td>
                <td class="nowrap">
                  <a href={mappingHref(recordId, application.ref)}>{application.ref}</a>
                </td>
              </tr>
            </tbody>
          </table>
        </TableScroll>
      </section>

      <form class="card" aria-labelledby="grades-heading" onSubmit={save} noValidate>
        <h2 id="grades-heading">Course Evidence and Final Grades</h2>
        {application.incomingCourses.map((course, i) => {
          const id = `final-grade-${i}`;
          const error = issueAt(issues, `body.finalGrades.${i}`);
          return (
            <fieldset key={course.code} class="course-card">
              <legend>{incomingCourseText(course)}</legend>
              {editable ? (
                <div class="field grade-field">
                  <label for={id}>Input Final Grade</label>
                  <input
                    id={id}
                    type="text"
                    maxLength={12}
                    autocomplete="off"
                    value={grades[i] ?? ''}
                    // Read-only, not disabled, while saving: Enter in the field saves, and the focus stays.
                    readOnly={busy !== undefined}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
                    onInput={(e) => typed(i, e.currentTarget.value)}
                  />
                  <p class="field-hint" id={`${id}-hint`}>
                    As the host institution's transcript gives it, e.g. A-, 85 or HD.
                  </p>
                  <FieldError id={`${id}-error`} message={error} />
                </div>
              ) : (
                <p>
                  <span class="field-label">Final Grade:</span>{' '}
                  {course.finalGrade ?? <span class="muted">Not entered</span>}
                </p>
              )}
            </fieldset>
          );
        })}
        {late && (
          <div class="field">
            <label for="late-justification">
              <span class="required" aria-hidden="true">
                *{' '}
              </span>
              Justification for applying late
            </label>
            <textarea
              id="late-justification"
              rows={4}
              maxLength={4000}
              value={justification}
              aria-invalid={issueAt(issues, 'body.lateJustification') ? true : undefined}
              aria-describedby={`late-justification-hint${issueAt(issues, 'body.lateJustification') ? ' late-justification-error' : ''}`}
              onInput={(e) => setJustification(e.currentTarget.value)}
            />
            <p class="field-hint" id="late-justification-hint">
              The application deadline for {application.transferTerm} was {application.applicationDeadline}.
              Say why you apply after it; ARO sees your application flagged late.
            </p>
            <FieldError id="late-justification-error" message={issueAt(issues, 'body.lateJustification')} />
          </div>
        )}
        {editable ? (
          <p class="callout">
            Press 'Save as Draft' to save the application if the 'Incoming Course Grade' is not yet available.
          </p>
        ) : (
          <p class="muted">
            This application is {application.status}: its final grades can no longer be changed.
          </p>
        )}

        {/* In the page from the start, so the confirmation is announced when it appears. */}
        <div role="status">
          {saved && (
            <div class="alert alert--success">
              Saved. Your draft application is kept with the grades above (Last Modified{' '}
              {application.lastModified}).
            </div>
          )}
          {done && <div class="alert alert--success">{done}</div>}
        </div>
        {failure?.kind === 'stale' && (
          <div class="alert alert--warning" role="alert">
            <p class="alert__title">This application has changed since you opened it</p>
            <p>
              It was changed elsewhere (in another tab or window, perhaps), so your change was not made.
              Reload the application to see it as it is now, then try again.
            </p>
            <button type="button" class="button" onClick={onReload}>
              Reload the application
            </button>
          </div>
        )}
        {failure?.kind === 'error' && (
          <div class="alert alert--error" role="alert">
            <p class="alert__title">
              {failure.error.issues.length > 0
                ? 'Please check the highlighted grades'
                : 'The application was not changed'}
            </p>
            {failure.error.issues.length === 0 && <p>{failure.error.message}</p>}
          </div>
        )}

        <div class="form-actions">
          <a class="button" href={recordHref(recordId)}>
            <span aria-hidden="true">←</span> Back
          </a>
          {editable && (
            <>
              <button
                type="button"
                class="button button--primary"
                aria-disabled={busy !== undefined ? 'true' : undefined}
                onClick={submit}
              >
                {busy === 'submit' ? 'Submitting…' : 'Submit'}
              </button>
              <button type="submit" class="button" aria-disabled={busy !== undefined ? 'true' : undefined}>
                {busy === 'save' ? 'Saving…' : 'Save as Draft'}
              </button>
              {confirming ? (
                <span class="confirm">
                  <span>Delete this draft application?</span>
                  <button
                    type="button"
                    class="button button--danger"
                    disabled={busy !== undefined}
                    onClick={remove}
                  >
                    {busy === 'delete' ? 'Deleting…' : 'Yes, delete it'}
                  </button>
                  <button
                    ref={keep}
                    type="button"
                    class="button"
                    disabled={busy !== undefined}
                    onClick={() => setConfirming(false)}
                  >
                    No, keep it
                  </button>
                </span>
              ) : (
                <button
                  ref={deleteButton}
                  type="button"
                  class="button button--danger"
                  disabled={busy !== undefined}
                  onClick={() => setConfirming(true)}
                >
                  Delete
                </button>
              )}
            </>
          )}
          {application.actions.includes('withdraw') && (
            <button
              type="button"
              class="button button--danger"
              disabled={busy !== undefined}
              onClick={() => change('withdraw')}
            >
              {busy === 'withdraw' ? 'Withdrawing…' : 'Withdraw'}
            </button>
          )}
          {application.actions.includes('reopen') && (
            <button
              type="button"
              class="button"
              disabled={busy !== undefined}
              onClick={() => change('reopen')}
            >
              {busy === 'reopen' ? 'Reopening…' : 'Reopen as Draft'}
            </button>
          )}
        </div>
        {editable && (
          <p class="field-hint submit-note">
            Submit needs a final grade for every incoming course. The official transcript need not be there
            yet: ARO decides once the Study Record has a Verified official transcript.
          </p>
        )}
      </form>
    </>
  );
}

/** Where the application stands: the offices' endorsements, ARO's request for more, the decision. */
function Progress({ application: a }: { application: Application }) {
  if (a.status === 'Draft' && !a.submittedAt) return null;
  return (
    <section class="card" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Application Progress</h2>
      {a.late && (
        <p>
          Submitted after the deadline ({a.late.deadline}), with your justification: “{a.late.justification}”
        </p>
      )}
      {a.endorsements.length > 0 && (
        <>
          <h3>Program Office Endorsement</h3>
          <ul class="plain-list">
            {a.endorsements.map((e) => (
              <li key={e.officeName}>
                {e.officeName}: <StatusBadge status={e.outcome === 'Awaiting' ? 'Pending' : e.outcome} />
                {e.reason && <span> Reason: {e.reason}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {a.furtherInfo && (
        <div class={`alert ${a.status === 'Need Further Info' ? 'alert--warning' : 'alert--info'}`}>
          <p class="alert__title">
            <span aria-hidden="true">⚠ </span>ARO needs further information
          </p>
          <p>{a.furtherInfo.note}</p>
          {a.furtherInfo.provided && <p>You have provided it.</p>}
        </div>
      )}
      {a.decision?.outcome === 'Approved' && (
        <div class="alert alert--success">
          <p class="alert__title">Approved: {a.decision.credits} HKUST credits transferred</p>
          <ul>
            {(a.decision.transferred ?? []).map((t) => (
              <li key={t.code}>
                {t.code}: {t.credits} credits, grade {t.grade} (transfer credit, no effect on grade averages)
              </li>
            ))}
          </ul>
          <DownloadSignedDecision applicationId={a.applicationId} />
        </div>
      )}
      {a.decision?.outcome === 'Rejected' && (
        <div class="alert alert--error">
          <p class="alert__title">Rejected by ARO</p>
          <p>{a.decision.reason}</p>
        </div>
      )}
      {a.status === 'Submitted' && (
        <p class="muted">
          ARO processes your application once the Study Record has a Verified official transcript.
        </p>
      )}
    </section>
  );
}

/** Provide Info (§5.1): a justification, PDF documents and any corrected grade, back to processing. */
function ProvideInfoForm({
  application,
  onDone,
}: {
  application: Application;
  onDone: (a: Application) => void;
}) {
  const { api } = useApp();
  const [files, setFiles] = useState<AttachedPdf[]>([]);
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<FieldIssues>(noIssues);
  const [failure, setFailure] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  async function send(e: Event) {
    e.preventDefault();
    if (busy) return;
    setFailure(undefined);
    if (uploadsPending(files)) {
      setIssues(new Map([['body.documentIds', 'Please wait until your documents have been checked']]));
      return;
    }
    setBusy(true);
    try {
      onDone(
        await api.call('provideApplicationInfo', {
          path: { applicationId: application.applicationId },
          body: {
            justification: text.trim(),
            documentIds: verifiedUploadIds(files),
            version: application.version,
          },
        }),
      );
    } catch (error) {
      const err = asApiError(error);
      setFailure(err);
      setIssues(issuesByField(err.issues));
      setBusy(false);
    }
  }

  const textError = issueAt(issues, 'body.justification');
  return (
    <section class="card" aria-labelledby="provide-info-heading">
      <h2 id="provide-info-heading">Provide Info</h2>
      <p>Answer ARO's request and Submit: the application then goes back to processing.</p>
      {failure && failure.issues.length === 0 && (
        <div class="alert alert--error" role="alert">
          <p>{failure.message}</p>
        </div>
      )}
      <form onSubmit={send} noValidate>
        <div class="field">
          <label for="provide-info-text">
            <span class="required" aria-hidden="true">
              *{' '}
            </span>
            Justification
          </label>
          <textarea
            id="provide-info-text"
            rows={4}
            maxLength={4000}
            value={text}
            aria-invalid={textError ? true : undefined}
            aria-describedby={textError ? 'provide-info-text-error' : undefined}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <FieldError id="provide-info-text-error" message={textError} />
        </div>
        <PdfUploader
          id="provide-info-documents"
          label="Supporting Documents"
          files={files}
          onChange={setFiles}
          error={issueAt(issues, 'body.documentIds')}
        />
        <div class="form-actions">
          <button type="submit" class="button button--primary" aria-disabled={busy ? 'true' : undefined}>
            {busy ? 'Submitting…' : 'Submit'}
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * What the grades entered would transfer (guide §5.4): the Conversion Preview of this one
 * application, asked again as the grades settle, with every step of the working.
 */
function ProjectedCredits({ application, grades }: { application: Application; grades: string[] }) {
  const { api } = useApp();
  const asked = useDebounced(
    JSON.stringify(
      application.incomingCourses.map((c, i) => {
        const grade = (grades[i] ?? '').trim();
        return grade === '' ? { code: c.code } : { code: c.code, grade };
      }),
    ),
    400,
  );
  const [state, setState] = useState<
    | { kind: 'loading' }
    | { kind: 'loaded'; result: ApplicationConversionView }
    | { kind: 'failed'; message: string }
  >({ kind: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    api
      .call(
        'previewConversion',
        {
          path: { recordId: application.recordId },
          body: { applications: [{ ref: application.ref, grades: JSON.parse(asked) }] },
        },
        { signal: controller.signal },
      )
      .then(
        (preview) => {
          const [result] = preview.applications;
          if (result) setState({ kind: 'loaded', result });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const err = asApiError(error);
          setState({ kind: 'failed', message: err.issues[0]?.reason ?? err.message });
        },
      );
    return () => controller.abort();
  }, [api, application.recordId, application.ref, asked]);

  return (
    <section class="card" aria-labelledby="projected-heading">
      <h2 id="projected-heading">Projected HKUST Credits</h2>
      <div aria-live="polite">
        {state.kind === 'loading' && <p class="muted">Working out the conversion…</p>}
        {state.kind === 'failed' && <p class="muted">No projection yet: {asSentence(state.message)}</p>}
        {state.kind === 'loaded' && <ConversionSteps result={state.result} />}
      </div>
    </section>
  );
}
