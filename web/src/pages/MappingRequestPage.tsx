import { useEffect, useRef, useState } from 'preact/hooks';
import { type ApiClient, ApiError, asApiError, errorBody, type Output } from '../api';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { DuplicateNotice } from '../components/DuplicateNotice';
import { ErrorPanel, Loading } from '../components/Feedback';
import { type FieldIssues, issuesByField, noIssues } from '../components/FieldIssues';
import { HomeEquivalentFields } from '../components/HomeEquivalentFields';
import { IncomingCourseFields } from '../components/IncomingCourseFields';
import { InformationRequired } from '../components/InformationRequired';
import { PageLayout } from '../components/PageLayout';
import { attachedFromIds, type PdfListUpdate } from '../components/PdfUploader';
import { JustificationField, RequestReview } from '../components/RequestReview';
import { useApp } from '../context';
import type { DuplicateRequestConflict, HomeCourse, StudyRecordResponse } from '../contracts';
import { dashboardHref, draftHref, recordHref } from '../links';
import {
  checksBefore,
  draftBody,
  emptyForm,
  emptyHome,
  emptyIncoming,
  firstTabWithIssue,
  type IncomingCourseForm,
  type RequestForm,
  submitBody,
  type Tab,
} from '../request-form';
import { navigate, type PageProps } from '../router';
import { type Resource, useCall } from '../use-api';

// Guide §4.2, Create New Course Mapping Request: 1. Incoming Course Details, 2. Proposed HKUST
// Equivalent, 3. Review & Submit, with Save as Draft throughout. Also continues a saved draft
// (`/records/R/drafts/D`) and starts a Re-map (`/records/R/new?remap=B006617-02`, §4.5).

const tabs: [Tab, string][] = [
  [1, 'Incoming Course Details'],
  [2, 'Proposed HKUST Equivalent'],
  [3, 'Review & Submit'],
];

interface Start {
  form: RequestForm;
  /** A Re-map may be an appeal mapping, and a draft may hold a justification already. */
  showJustification: boolean;
}

export function MappingRequestPage({ params, query }: PageProps) {
  const recordId = params.recordId ?? '';
  const draftId = params.draftId;
  const remap = draftId ? undefined : (query.get('remap') ?? undefined);
  const { resource: record } = useCall('getStudyRecord', { path: { recordId } });
  // The first Save as Draft moves the form to its draft's address; it is still the same form, so it
  // keeps what is on screen (uploads in progress included) rather than reloading what it just saved.
  const adopted = useRef<{ draftId: string; key: string }>();
  const routeKey = draftId ? `draft:${draftId}` : `new:${remap ?? ''}`;
  const key = adopted.current && adopted.current.draftId === draftId ? adopted.current.key : routeKey;

  return (
    <PageLayout title="Create New Course Mapping Request">
      <Breadcrumbs
        trail={[
          { label: 'My Dashboard', href: dashboardHref() },
          { label: 'Study Record', href: recordHref(recordId) },
          { label: 'Create New Course Mapping Request' },
        ]}
      />
      <RequestLoader
        key={key}
        recordId={recordId}
        draftId={draftId}
        remap={remap}
        record={record.state === 'loaded' ? record.data.record : undefined}
        onDraftSaved={(id) => {
          adopted.current = { draftId: id, key };
          navigate(draftHref(recordId, id), { replace: true });
        }}
      />
    </PageLayout>
  );
}

async function homeCourse(api: ApiClient, code: string): Promise<HomeCourse> {
  const { courses } = await api.call('searchHomeCourses', { query: { code } });
  return (
    courses.find((c) => c.code === code) ?? { code, title: '', credits: 0, exclusions: [], subjectArea: '' }
  );
}

async function loadStart(
  api: ApiClient,
  {
    recordId,
    draftId,
    remap,
  }: { recordId: string; draftId?: string | undefined; remap?: string | undefined },
): Promise<Start> {
  if (draftId) {
    const draft = await api.call('getMappingRequestDraft', { path: { recordId, draftId } });
    const incoming = await Promise.all(
      draft.incomingCourses.map(async (c) =>
        emptyIncoming({
          code: c.code,
          title: c.title,
          credits: c.credits === undefined ? '' : String(c.credits),
          ...(c.creditUnit ? { creditUnit: c.creditUnit } : {}),
          files: await attachedFromIds(api, c.documentIds),
        }),
      ),
    );
    const home = await Promise.all(
      draft.homeCourseCodes.map(async (code) => emptyHome(await homeCourse(api, code))),
    );
    return {
      form: {
        incoming: incoming.length > 0 ? incoming : [emptyIncoming()],
        home: home.length > 0 ? home : [emptyHome()],
        justification: draft.justification ?? '',
        remapOf: draft.remapOf,
      },
      showJustification: Boolean(draft.justification || draft.remapOf),
    };
  }
  if (remap) {
    const { mapping } = await api.call('getMapping', { path: { recordId, ref: remap } });
    const incoming = mapping.incomingCourses.map((c) =>
      emptyIncoming({ code: c.code, title: c.title, credits: String(c.credits), creditUnit: c.creditUnit }),
    );
    return {
      form: { incoming, home: [emptyHome()], justification: '', remapOf: mapping.ref },
      showJustification: true,
    };
  }
  return { form: emptyForm(), showJustification: false };
}

type RecordSummary = StudyRecordResponse['record'];

function RequestLoader({
  recordId,
  draftId,
  remap,
  record,
  onDraftSaved,
}: {
  recordId: string;
  draftId: string | undefined;
  remap: string | undefined;
  record: RecordSummary | undefined;
  onDraftSaved: (draftId: string) => void;
}) {
  const { api } = useApp();
  // Loaded once: a later change of address (the first Save as Draft) belongs to this same form.
  const [source] = useState({ recordId, draftId, remap });
  const [start, setStart] = useState<Resource<Start>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // `attempt` is in the dependencies only to load again on "Try again".
  useEffect(() => {
    let current = true;
    setStart({ state: 'loading' });
    loadStart(api, source).then(
      (data) => current && setStart({ state: 'loaded', data }),
      (error: unknown) => current && setStart({ state: 'failed', error: asApiError(error) }),
    );
    return () => {
      current = false;
    };
  }, [api, source, attempt]);

  if (start.state === 'loading') return <Loading what={source.draftId ? 'your draft' : 'the request form'} />;
  if (start.state === 'failed') {
    return (
      <ErrorPanel
        title={source.draftId ? 'Your draft could not be loaded' : 'The request form could not be prepared'}
        error={start.error}
        onRetry={() => setAttempt((n) => n + 1)}
      />
    );
  }
  return (
    <MappingRequestForm
      recordId={recordId}
      record={record}
      start={start.data}
      initialDraftId={source.draftId}
      onDraftSaved={onDraftSaved}
    />
  );
}

/** A Submit answers the new mapping; both operations also answer a saved draft, which Submit never gets. */
function submittedRef(answer: Output<'createMappingRequest'>): string {
  if ('ref' in answer) return answer.ref;
  throw new ApiError(201, 'BadResponse', 'The CTS service saved a draft instead of submitting the request.');
}

/** Fields the form shows a problem next to. */
const placedField =
  /^body\.(incomingCourses\.\d+\.(code|title|credits|creditUnit|documentIds)|homeCourseCodes\.\d+|justification)(\.|$)/;

/** Issues whose field starts with `prefix` are settled once the student edits that field. */
const without = (issues: FieldIssues, prefix: string): FieldIssues =>
  new Map([...issues].filter(([field]) => !field.startsWith(prefix)));

function MappingRequestForm({
  recordId,
  record,
  start,
  initialDraftId,
  onDraftSaved,
}: {
  recordId: string;
  record: RecordSummary | undefined;
  start: Start;
  initialDraftId: string | undefined;
  onDraftSaved: (draftId: string) => void;
}) {
  const { api } = useApp();
  const [form, setForm] = useState(start.form);
  const [tab, setTab] = useState<Tab>(1);
  const [issues, setIssues] = useState<FieldIssues>(noIssues);
  const [failure, setFailure] = useState<ApiError>();
  const [conflict, setConflict] = useState<DuplicateRequestConflict>();
  const [showJustification, setShowJustification] = useState(start.showJustification);
  const [busy, setBusy] = useState<'submit' | 'save'>();
  const [savedNote, setSavedNote] = useState<string>();
  const [draftId, setDraftId] = useState(initialDraftId);
  const headings = useRef<Partial<Record<Tab, HTMLHeadingElement | null>>>({});
  const moved = useRef(false);

  // After Next or Back, start reading at the new tab's heading (not on the first render).
  useEffect(() => {
    if (moved.current) headings.current[tab]?.focus();
    moved.current = true;
  }, [tab]);

  const patchIncoming = (key: string, patch: Partial<IncomingCourseForm>) => {
    const index = form.incoming.findIndex((c) => c.key === key);
    for (const field of Object.keys(patch)) {
      setIssues((all) =>
        without(all, `body.incomingCourses.${index}.${field === 'files' ? 'documentIds' : field}`),
      );
    }
    setForm((f) => ({ ...f, incoming: f.incoming.map((c) => (c.key === key ? { ...c, ...patch } : c)) }));
  };
  const filesOf =
    (key: string): PdfListUpdate =>
    (update) => {
      const index = form.incoming.findIndex((c) => c.key === key);
      setIssues((all) => without(all, `body.incomingCourses.${index}.documentIds`));
      setForm((f) => ({
        ...f,
        incoming: f.incoming.map((c) => (c.key === key ? { ...c, files: update(c.files) } : c)),
      }));
    };
  const selectHome = (key: string, course: HomeCourse) => {
    const index = form.home.findIndex((h) => h.key === key);
    setIssues((all) => without(all, `body.homeCourseCodes.${index}`));
    setForm((f) => ({ ...f, home: f.home.map((h) => (h.key === key ? { ...h, course } : h)) }));
  };
  // Removing a card renumbers the ones after it, so earlier complaints no longer point right.
  const removeIncoming = (key: string) => {
    setIssues(noIssues);
    setForm((f) => ({ ...f, incoming: f.incoming.filter((c) => c.key !== key) }));
  };
  const removeHome = (key: string) => {
    setIssues(noIssues);
    setForm((f) => ({ ...f, home: f.home.filter((h) => h.key !== key) }));
  };

  /** Shows problems where they can be fixed: on the first tab that has one. */
  function showIssues(found: FieldIssues) {
    setIssues(found);
    if (found.has('body.justification')) setShowJustification(true);
    const where = firstTabWithIssue(found);
    if (where !== undefined && where !== tab) setTab(where);
  }

  function go(next: Tab) {
    setFailure(undefined);
    if (next > tab) {
      const problems = checksBefore(form, next);
      if (problems.size > 0) {
        showIssues(problems);
        return;
      }
    }
    setTab(next);
  }

  function failed(error: unknown) {
    const err = asApiError(error);
    // A 409 is a DuplicateRequest (with the mapping to follow instead) or a plain conflict.
    const conflict = errorBody(err, 'createMappingRequest', 409);
    if (conflict && 'existingRef' in conflict) {
      setConflict(conflict);
      return;
    }
    setFailure(err);
    if (err.status === 400 && err.issues.length > 0) showIssues(issuesByField(err.issues));
  }

  async function submit() {
    setFailure(undefined);
    setConflict(undefined);
    setSavedNote(undefined);
    const problems = checksBefore(form, 3);
    const body = submitBody(form);
    if (problems.size > 0 || !body) {
      showIssues(problems);
      return;
    }
    setBusy('submit');
    try {
      const created = draftId
        ? await api.call('updateMappingRequestDraft', { path: { recordId, draftId }, body })
        : await api.call('createMappingRequest', { path: { recordId }, body });
      navigate(recordHref(recordId, { submitted: submittedRef(created) }));
    } catch (error) {
      failed(error);
      setBusy(undefined);
    }
  }

  async function saveDraft() {
    setFailure(undefined);
    setConflict(undefined);
    setSavedNote(undefined);
    setBusy('save');
    try {
      const body = draftBody(form);
      if (draftId) {
        await api.call('updateMappingRequestDraft', { path: { recordId, draftId }, body });
      } else {
        const draft = await api.call('createMappingRequest', { path: { recordId }, body });
        if ('draftId' in draft) {
          setDraftId(draft.draftId);
          onDraftSaved(draft.draftId);
        }
      }
      setIssues(noIssues);
      setSavedNote(
        'Your draft has been saved. You can continue it later from your Study Record. Documents still being checked are not saved.',
      );
    } catch (error) {
      failed(error);
    } finally {
      setBusy(undefined);
    }
  }

  // Problems the form has no field for (e.g. "add at least one incoming course") are listed in the alert.
  const unplaced = failure?.issues.filter((i) => !placedField.test(i.field)) ?? [];
  return (
    <>
      <section class="card request-status" aria-label="Mapping Status">
        <dl class="facts">
          <div>
            <dt>Mapping Status</dt>
            <dd>{draftId ? 'New Request (draft saved)' : 'New Request'}</dd>
          </div>
          {record && (
            <>
              <div>
                <dt>Institution</dt>
                <dd>{record.institutionName}</dd>
              </div>
              <div>
                <dt>Transfer Term</dt>
                <dd>{record.transferTerm}</dd>
              </div>
            </>
          )}
        </dl>
        <button
          type="button"
          class="link-button"
          onClick={() => {
            const panel = document.getElementById('information-required');
            panel?.scrollIntoView({ block: 'start' });
            panel?.focus();
          }}
        >
          Information Required for Course Mapping Request
        </button>
      </section>

      {form.remapOf && (
        <div class="alert alert--info">
          <p class="alert__title">Re-map of {form.remapOf}</p>
          <p>
            Propose other HKUST course(s) for the incoming course(s) below. If the same subject area has
            already approved a mapping for them, this is an appeal mapping request: give a justification and
            upload a comparison table showing the new mapping is more equivalent.
          </p>
        </div>
      )}
      {conflict && <DuplicateNotice recordId={recordId} conflict={conflict} />}
      {failure && (
        <div class="alert alert--error" role="alert">
          {failure.issues.length > 0 ? (
            // The API's message repeats the issues with their field paths; the fields show them better.
            <p class="alert__title">Please check the highlighted fields</p>
          ) : (
            <>
              <p class="alert__title">The request was not sent</p>
              <p>{failure.message}</p>
            </>
          )}
          {unplaced.length > 0 && (
            <ul>
              {unplaced.map((i) => (
                <li key={`${i.field}:${i.reason}`}>{i.reason}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {savedNote && (
        <div class="alert alert--success" role="status">
          {savedNote}
        </div>
      )}

      <ol class="steps">
        {tabs.map(([n, label]) => (
          <li key={n}>
            <button
              type="button"
              class="step"
              aria-current={tab === n ? 'step' : undefined}
              disabled={busy !== undefined}
              onClick={() => go(n)}
            >
              {n}. {label}
            </button>
          </li>
        ))}
      </ol>

      <div class="request-layout">
        <div class="request-main card">
          <section hidden={tab !== 1} aria-labelledby="tab-1-heading">
            <h2
              id="tab-1-heading"
              tabIndex={-1}
              ref={(el) => {
                headings.current[1] = el;
              }}
            >
              1. Incoming Course Details
            </h2>
            {form.incoming.map((c, i) => (
              <IncomingCourseFields
                key={c.key}
                index={i}
                course={c}
                issues={issues}
                onChange={(patch) => patchIncoming(c.key, patch)}
                onFiles={filesOf(c.key)}
                onRemove={form.incoming.length > 1 ? () => removeIncoming(c.key) : undefined}
              />
            ))}
            {form.incoming.length < 6 && (
              <button
                type="button"
                class="button add-button"
                onClick={() => setForm((f) => ({ ...f, incoming: [...f.incoming, emptyIncoming()] }))}
              >
                + Add Another Incoming Course Information
              </button>
            )}
          </section>

          <section hidden={tab !== 2} aria-labelledby="tab-2-heading">
            <h2
              id="tab-2-heading"
              tabIndex={-1}
              ref={(el) => {
                headings.current[2] = el;
              }}
            >
              2. Proposed HKUST Equivalent
            </h2>
            {form.home.map((h, i) => (
              <HomeEquivalentFields
                key={h.key}
                index={i}
                equivalent={h}
                issues={issues}
                onSelect={(course) => selectHome(h.key, course)}
                onRemove={form.home.length > 1 ? () => removeHome(h.key) : undefined}
              />
            ))}
            <p class="callout">
              For “1-to-N” (i.e. 1 course mapped to multiple HKUST course) and “N-to-N” (i.e. multiple courses
              mapped to multiple HKUST courses) mapping requests, please click to add another HKUST course.
            </p>
            {form.home.length < 6 && (
              <button
                type="button"
                class="button add-button"
                onClick={() => setForm((f) => ({ ...f, home: [...f.home, emptyHome()] }))}
              >
                + Add Another HKUST Equivalent
              </button>
            )}
          </section>

          <section hidden={tab !== 3} aria-labelledby="tab-3-heading">
            <h2
              id="tab-3-heading"
              tabIndex={-1}
              ref={(el) => {
                headings.current[3] = el;
              }}
            >
              3. Review &amp; Submit
            </h2>
            <RequestReview form={form} />
            {showJustification && (
              <JustificationField
                value={form.justification}
                issues={issues}
                onInput={(justification) => {
                  setIssues((all) => without(all, 'body.justification'));
                  setForm((f) => ({ ...f, justification }));
                }}
              />
            )}
          </section>

          <div class="form-actions">
            {tab > 1 && (
              <button
                type="button"
                class="button"
                disabled={busy !== undefined}
                onClick={() => go((tab - 1) as Tab)}
              >
                ← Back
              </button>
            )}
            {tab < 3 && (
              <button
                type="button"
                class="button button--primary"
                disabled={busy !== undefined}
                onClick={() => go((tab + 1) as Tab)}
              >
                Next
              </button>
            )}
            {tab === 3 && (
              <button
                type="button"
                class="button button--primary"
                disabled={busy !== undefined}
                onClick={submit}
              >
                {busy === 'submit' ? 'Submitting…' : 'Submit'}
              </button>
            )}
            <button type="button" class="button" disabled={busy !== undefined} onClick={saveDraft}>
              {busy === 'save' ? 'Saving…' : 'Save as Draft'}
            </button>
            <a class="button button--plain" href={recordHref(recordId)}>
              × Cancel
            </a>
          </div>
        </div>
        <InformationRequired />
      </div>
    </>
  );
}
