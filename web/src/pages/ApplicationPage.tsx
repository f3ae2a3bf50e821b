import { useEffect, useRef, useState } from 'preact/hooks';
import { type ApiError, asApiError, type Output } from '../api';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { HomeCourses, IncomingCourses, incomingCourseText } from '../components/Courses';
import { ErrorPanel, Loading } from '../components/Feedback';
import { FieldError, type FieldIssues, issueAt, issuesByField, noIssues } from '../components/FieldIssues';
import { deletedApplicationParam } from '../components/MyCreditTransferApplications';
import { PageLayout } from '../components/PageLayout';
import { StatusBadge } from '../components/StatusBadge';
import { useApp } from '../context';
import { dashboardHref, mappingHref, recordHref } from '../links';
import { navigate, type PageProps } from '../router';
import { useCall } from '../use-api';

// Guide §5.1, one credit transfer application: the approved mapping applied for, and "Course
// Evidence and Final Grades" with a final grade per incoming course, kept with Save as Draft until
// the grades are out. Submitting is not part of CTS yet, so Submit is shown, disabled, and says so
// rather than pretending; Delete removes the draft, which lets the mapping be applied for again.

type Application = Output<'getMyApplication'>;

const submitNotYet =
  'Submit opens once credit transfer applications are processed in CTS. Until then, Save as Draft keeps this application and the final grades you enter.';

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
  const [busy, setBusy] = useState<'save' | 'delete'>();
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
      const finalGrades = application.incomingCourses.map((c, i) => {
        const grade = (grades[i] ?? '').trim();
        return grade === '' ? { code: c.code } : { code: c.code, grade };
      });
      const next = await api.call('saveApplicationDraft', {
        path: { applicationId: application.applicationId },
        body: { finalGrades, version: application.version },
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
            <dt>Last Modified</dt>
            <dd data-testid="application-last-modified">{application.lastModified}</dd>
          </div>
        </dl>
      </section>

      <section class="card" aria-labelledby="applied-mapping-heading">
        <h2 id="applied-mapping-heading">Approved Mapping</h2>
        <div class="table-scroll">
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
        </div>
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
              <button type="button" class="button" aria-disabled="true" aria-describedby="submit-not-yet">
                Submit
              </button>
              <button
                type="submit"
                class="button button--primary"
                aria-disabled={busy !== undefined ? 'true' : undefined}
              >
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
        </div>
        {editable && (
          <p class="field-hint submit-note" id="submit-not-yet">
            {submitNotYet}
          </p>
        )}
      </form>
    </>
  );
}
