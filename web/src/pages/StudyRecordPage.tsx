import { useEffect, useRef, useState } from 'preact/hooks';
import { type ApiError, asApiError } from '../api';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { HomeCourses, IncomingCourses } from '../components/Courses';
import { DisclosureHeading } from '../components/DisclosureHeading';
import { EstimatedDecisionNote, EstimatesFootnote } from '../components/EstimatedDecision';
import { ErrorPanel, Loading } from '../components/Feedback';
import { MappingActionCell } from '../components/MappingActions';
import { MyCreditTransferApplications } from '../components/MyCreditTransferApplications';
import { OfficialTranscript } from '../components/OfficialTranscript';
import { PageLayout } from '../components/PageLayout';
import { ReviewerNoteTip } from '../components/ReviewerNote';
import { ReReviewTag, StatusBadge } from '../components/StatusBadge';
import { TableScroll } from '../components/TableScroll';
import { useApp } from '../context';
import type { MappingRequestDraftSummary, MyMappingRequestRow, StudyRecordResponse } from '../contracts';
import { conversionPreviewHref, dashboardHref, draftHref, mappingHref, searchHref } from '../links';
import type { PageProps } from '../router';
import { useCall } from '../use-api';
import { useDebounced } from '../use-debounced';

// Guide §4: the study record of one institution, its My Course Mapping Requests (requested and
// Notify Me mappings), the drafts saved from Create New Course Mapping Request, My Credit Transfer
// Applications (guide §5.1) and the Official Transcript panel (guide §5.2).

export function StudyRecordPage({ params, query }: PageProps) {
  const recordId = params.recordId ?? '';
  const { resource, reload } = useCall('getStudyRecord', { path: { recordId } }, { refreshOnReturn: true });
  const submitted = query.get('submitted');
  return (
    <PageLayout title="Study Record">
      <Breadcrumbs trail={[{ label: 'My Dashboard', href: dashboardHref() }, { label: 'Study Record' }]} />
      {submitted && (
        <div class="alert alert--success" role="status">
          Your course mapping request {submitted} has been submitted and is listed under My Course Mapping
          Requests.
        </div>
      )}
      {resource.state === 'loading' && <Loading what="your study record" />}
      {resource.state === 'failed' && (
        <ErrorPanel title="Your study record could not be loaded" error={resource.error} onRetry={reload} />
      )}
      {resource.state === 'loaded' && <StudyRecordView data={resource.data} onChanged={reload} />}
    </PageLayout>
  );
}

function StudyRecordView({ data, onChanged }: { data: StudyRecordResponse; onChanged: () => void }) {
  const { record } = data;
  return (
    <>
      <section class="card record-header" aria-labelledby="record-heading">
        <h2 id="record-heading">{record.institutionName}</h2>
        <dl class="facts">
          <div>
            <dt>Category</dt>
            <dd>{record.category}</dd>
          </div>
          <div>
            <dt>Transfer Term</dt>
            <dd>{record.transferTerm}</dd>
          </div>
          <div>
            <dt>Study Period</dt>
            <dd>{record.studyPeriod}</dd>
          </div>
          {record.qualification && (
            <div>
              <dt>Qualification</dt>
              <dd>{record.qualification}</dd>
            </div>
          )}
        </dl>
      </section>
      <MyMappingRequests recordId={record.recordId} rows={data.myMappingRequests} onChanged={onChanged} />
      {data.drafts.length > 0 && (
        <Drafts recordId={record.recordId} drafts={data.drafts} onChanged={onChanged} />
      )}
      <MyCreditTransferApplications recordId={record.recordId} />
      <p class="conversion-link">
        <a class="button" href={conversionPreviewHref(record.recordId)}>
          Conversion Preview
        </a>{' '}
        <span class="muted">How many HKUST credits your approved mappings would transfer, step by step</span>
      </p>
      <OfficialTranscript recordId={record.recordId} transcripts={data.transcripts} />
    </>
  );
}

function MyMappingRequests({
  recordId,
  rows,
  onChanged,
}: {
  recordId: string;
  rows: MyMappingRequestRow[];
  onChanged: () => void;
}) {
  const [open, setOpen] = useState(true);
  const [filter, setFilter] = useState('');
  const wanted = useDebounced(filter.trim());
  return (
    <section class="card" aria-labelledby="my-requests-heading" data-testid="my-mapping-requests">
      <div class="section-head">
        <DisclosureHeading
          id="my-requests-heading"
          controls="my-requests-body"
          open={open}
          onToggle={() => setOpen(!open)}
        >
          My Course Mapping Requests
        </DisclosureHeading>
        <a class="button button--primary" href={searchHref(recordId)}>
          + Start New Course Mapping Request
        </a>
      </div>
      <div id="my-requests-body" hidden={!open}>
        <div class="filter">
          <label class="visually-hidden" for="my-requests-filter">
            Filter by course ref no or mapping info
          </label>
          <input
            id="my-requests-filter"
            type="search"
            placeholder="Filter by course ref no or mapping info"
            autocomplete="off"
            value={filter}
            onInput={(e) => setFilter(e.currentTarget.value)}
          />
        </div>
        {wanted === '' ? (
          <RequestsTable recordId={recordId} rows={rows} onChanged={onChanged} filter="" />
        ) : (
          <FilteredRequests recordId={recordId} filter={wanted} onChanged={onChanged} />
        )}
      </div>
    </section>
  );
}

function FilteredRequests({
  recordId,
  filter,
  onChanged,
}: {
  recordId: string;
  filter: string;
  onChanged: () => void;
}) {
  const { resource, reload } = useCall(
    'listMyMappingRequests',
    { path: { recordId }, query: { filter } },
    { refreshOnReturn: true },
  );
  if (resource.state === 'loading') return <Loading what="matching requests" />;
  if (resource.state === 'failed') {
    return <ErrorPanel title="The filter could not be applied" error={resource.error} onRetry={reload} />;
  }
  return (
    <RequestsTable recordId={recordId} rows={resource.data.rows} onChanged={onChanged} filter={filter} />
  );
}

function RequestsTable({
  recordId,
  rows,
  filter,
  onChanged,
}: {
  recordId: string;
  rows: MyMappingRequestRow[];
  filter: string;
  onChanged: () => void;
}) {
  if (rows.length === 0) {
    return (
      <p class="muted">
        {filter === ''
          ? 'You have no course mapping requests for this study record yet.'
          : `No mapping request matches “${filter}”.`}
      </p>
    );
  }
  return (
    <>
      <TableScroll label="My Course Mapping Requests">
        <table class="data-table data-table--wrap-head" aria-labelledby="my-requests-heading">
          <thead>
            <tr>
              <th scope="col">Last Modified</th>
              <th scope="col">Incoming Course Code & Title</th>
              <th scope="col">HKUST Equivalent Code & Title</th>
              <th scope="col">D.B. Ref. No.</th>
              <th scope="col">Mapping Info</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.ref} data-ref={row.ref}>
                <td class="nowrap">{row.lastModified}</td>
                <td>
                  <IncomingCourses courses={row.incomingCourses} />
                </td>
                <td>
                  <HomeCourses courses={row.homeCourses} />
                </td>
                <td class="nowrap">
                  <a href={mappingHref(recordId, row.ref)}>{row.ref}</a>
                </td>
                <td>
                  <span class="mapping-info">
                    <StatusBadge status={row.status} />
                    {row.reviewerNote && <ReviewerNoteTip id={`note-${row.ref}`} note={row.reviewerNote} />}
                  </span>
                  {row.underReReview && <ReReviewTag />}
                  {row.relation === 'notify-me' && (
                    <span class="tag" title="You follow this mapping: you will be notified of its updates">
                      Notify Me
                    </span>
                  )}
                  {row.estimatedDecisionDate && <EstimatedDecisionNote date={row.estimatedDecisionDate} />}
                  {row.denialReason && (
                    <p class="reviewer-note">
                      <span class="reviewer-note__label">Reason for Denial:</span> {row.denialReason}
                    </p>
                  )}
                </td>
                <td class="nowrap">
                  <MappingActionCell
                    recordId={recordId}
                    mappingRef={row.ref}
                    action={row.action}
                    onNotified={onChanged}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {rows.some((row) => row.estimatedDecisionDate) && <EstimatesFootnote />}
    </>
  );
}

function Drafts({
  recordId,
  drafts,
  onChanged,
}: {
  recordId: string;
  drafts: MappingRequestDraftSummary[];
  onChanged: () => void;
}) {
  return (
    <section class="card" aria-labelledby="drafts-heading" data-testid="drafts">
      <h2 id="drafts-heading">Drafts</h2>
      <p>Course mapping requests you saved as a draft. Continue one to submit it, or cancel it.</p>
      <ul class="draft-list">
        {drafts.map((d) => (
          <DraftItem key={d.draftId} recordId={recordId} draft={d} onChanged={onChanged} />
        ))}
      </ul>
    </section>
  );
}

const draftName = (d: MappingRequestDraftSummary): string => {
  const incoming = d.incomingCourses.map((c) => [c.code, c.title].filter(Boolean).join(' ')).filter(Boolean);
  return incoming.length > 0 ? incoming.join(', ') : 'Untitled request';
};

function DraftItem({
  recordId,
  draft,
  onChanged,
}: {
  recordId: string;
  draft: MappingRequestDraftSummary;
  onChanged: () => void;
}) {
  const { api } = useApp();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // The button pressed is replaced by the question: keep the keyboard on the safe answer, and back.
  useEffect(() => {
    if (confirming) keep.current?.focus();
    else if (asked.current) cancel.current?.focus();
    asked.current = confirming;
  }, [confirming]);
  const [error, setError] = useState<ApiError>();
  const name = draftName(draft);

  async function discard() {
    setBusy(true);
    setError(undefined);
    try {
      await api.call('deleteMappingRequestDraft', { path: { recordId, draftId: draft.draftId } });
      onChanged();
    } catch (failure) {
      setError(asApiError(failure));
      setBusy(false);
    }
  }

  return (
    <li class="draft">
      <div class="draft__what">
        <span class="draft__name">{name}</span>
        <span class="muted">
          {draft.homeCourseCodes.length > 0 ? `→ ${draft.homeCourseCodes.join(', ')} · ` : ''}Last Modified{' '}
          {draft.lastModified}
        </span>
      </div>
      <div class="draft__actions">
        {confirming ? (
          <>
            <span>Discard this draft?</span>
            <button type="button" class="button button--danger" disabled={busy} onClick={discard}>
              Yes, discard it
            </button>
            <button
              ref={keep}
              type="button"
              class="button"
              disabled={busy}
              onClick={() => setConfirming(false)}
            >
              No, keep it
            </button>
          </>
        ) : (
          <>
            <a class="button" href={draftHref(recordId, draft.draftId)} aria-label={`Continue draft ${name}`}>
              Continue
            </a>
            <button
              ref={cancel}
              type="button"
              class="button"
              aria-label={`Cancel draft ${name}`}
              onClick={() => setConfirming(true)}
            >
              Cancel
            </button>
          </>
        )}
      </div>
      {error && (
        <p class="field-error" role="alert">
          {error.message}
        </p>
      )}
    </li>
  );
}
