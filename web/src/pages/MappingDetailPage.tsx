import { useState } from 'preact/hooks';
import { ApprovedMappings } from '../components/ApprovedMappings';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { HomeCourses, IncomingCourses } from '../components/Courses';
import { EstimatedDecision } from '../components/EstimatedDecision';
import { ErrorPanel, Loading } from '../components/Feedback';
import { ApplyForCtAction, NotifyMeButton, WillNotifyYou } from '../components/MappingActions';
import { MappingHistory } from '../components/MappingHistory';
import { PageLayout } from '../components/PageLayout';
import { formatSize } from '../components/PdfUploader';
import { ResubmitForm, type ResubmitKind } from '../components/ResubmitForm';
import { StatusBadge } from '../components/StatusBadge';
import { TableScroll } from '../components/TableScroll';
import type { MappingAction, MappingDetailResponse, MappingStatus } from '../contracts';
import { dashboardHref, newRequestHref, recordHref } from '../links';
import type { PageProps } from '../router';
import { useCall } from '../use-api';

// A mapping as one study record sees it (guide §4.4-4.7): Information Required on top for Need
// Further Info with Provide Info, Mapping Denied with its reason, the appeal and precedents, Extend
// for an expired mapping, Notify Me for a pending one; while pending, the estimated decision date; and
// the mapping's history (its audit timeline as the student may see it).

type Detail = MappingDetailResponse['mapping'];

export function MappingDetailPage({ params }: PageProps) {
  const recordId = params.recordId ?? '';
  const ref = params.ref ?? '';
  const { resource, reload } = useCall('getMapping', { path: { recordId, ref } });
  // Kept here, above the reload, so the confirmation outlives the refreshed mapping.
  const [submitted, setSubmitted] = useState<MappingStatus>();
  const status = resource.state === 'loaded' ? resource.data.mapping.status : undefined;
  return (
    <PageLayout title="Course Mapping">
      <Breadcrumbs
        trail={[
          { label: 'My Dashboard', href: dashboardHref() },
          { label: 'Study Record', href: recordHref(recordId) },
          { label: status === 'Need Further Info' ? 'Provide Information' : ref },
        ]}
      />
      {submitted && (
        <div class="alert alert--success" role="status">
          Your documents have been submitted and the status of the mapping is now “{submitted}”.{' '}
          <a href={recordHref(recordId)}>Return to your Study Record</a>.
        </div>
      )}
      {resource.state === 'loading' && <Loading what={`mapping ${ref}`} />}
      {resource.state === 'failed' && (
        <ErrorPanel title={`Mapping ${ref} could not be loaded`} error={resource.error} onRetry={reload} />
      )}
      {resource.state === 'loaded' && (
        <MappingDetailView
          recordId={recordId}
          detail={resource.data}
          onChanged={reload}
          onSubmitted={(s) => {
            setSubmitted(s);
            reload();
          }}
        />
      )}
    </PageLayout>
  );
}

const resubmitKinds: Partial<Record<string, ResubmitKind>> = {
  'Provide Info': 'provide-info',
  Extend: 'extend',
  Appeal: 'appeal',
};

function MappingDetailView({
  recordId,
  detail,
  onChanged,
  onSubmitted,
}: {
  recordId: string;
  detail: MappingDetailResponse;
  onChanged: () => void;
  onSubmitted: (status: MappingStatus) => void;
}) {
  const { mapping } = detail;
  const kind = mapping.action ? resubmitKinds[mapping.action] : undefined;
  return (
    <>
      {mapping.status === 'Need Further Info' && (
        <section class="notice notice--warning" aria-labelledby="information-required-heading">
          <h2 id="information-required-heading">Information Required</h2>
          <p class="notice__label">Reviewer's Note:</p>
          <p>{mapping.reviewerNote ?? 'The reviewer asks for more information about this mapping.'}</p>
        </section>
      )}
      {mapping.status === 'Denied' && (
        <section class="notice notice--denied" aria-labelledby="denied-heading">
          <h2 id="denied-heading">
            <span aria-hidden="true">✖</span> Mapping Denied
          </h2>
          <p class="notice__label">
            <span aria-hidden="true">!</span> Reason for Denial:
          </p>
          <p>{mapping.denialReason ?? 'No reason was given.'}</p>
        </section>
      )}
      <MappingCard recordId={recordId} mapping={mapping} relation={detail.relation} onChanged={onChanged} />
      {kind && <ResubmitForm kind={kind} recordId={recordId} mappingRef={mapping.ref} onDone={onSubmitted} />}
      {mapping.status === 'Denied' && (
        <section class="card" aria-labelledby="precedents-heading">
          <h2 id="precedents-heading">
            Approved mappings to the same HKUST course(s) from other institutions
          </h2>
          <ApprovedMappings
            source={{ operation: 'getPrecedents', input: { path: { ref: mapping.ref } } }}
            caption="Approved mappings to the same HKUST course(s) from other institutions"
            empty="No other institution has an approved mapping to these HKUST course(s)."
          />
        </section>
      )}
      <MappingHistory timeline={detail.timeline} />
    </>
  );
}

const day = (iso: string): string => iso.slice(0, 10);

function MappingCard({
  recordId,
  mapping,
  relation,
  onChanged,
}: {
  recordId: string;
  mapping: Detail;
  relation: MappingDetailResponse['relation'];
  onChanged: () => void;
}) {
  return (
    <section class="card" aria-labelledby="mapping-heading">
      <h2 id="mapping-heading">D.B. Ref. No. {mapping.ref}</h2>
      <dl class="facts">
        <div>
          <dt>Mapping Info</dt>
          <dd>
            <StatusBadge status={mapping.status} />
            {mapping.kind === 'appeal' && <span class="tag">Appeal mapping</span>}
          </dd>
        </div>
        <div>
          <dt>Valid</dt>
          <dd>
            {mapping.validFrom || mapping.validTo
              ? `${mapping.validFrom ?? '…'} – ${mapping.validTo ?? '…'}`
              : '—'}
          </dd>
        </div>
        <div>
          <dt>Last Modified</dt>
          <dd>{day(mapping.updatedAt)}</dd>
        </div>
        <div>
          <dt>In My Course Mapping Requests</dt>
          <dd>
            {relation === 'requester'
              ? 'Yes, requested by you'
              : relation === 'notify-me'
                ? 'Yes, Notify Me'
                : 'No'}
          </dd>
        </div>
      </dl>
      {mapping.estimatedDecisionDate && <EstimatedDecision date={mapping.estimatedDecisionDate} />}
      <TableScroll label={`Courses of mapping ${mapping.ref}`}>
        <table class="data-table data-table--wrap-head">
          <caption class="visually-hidden">Courses of mapping {mapping.ref}</caption>
          <thead>
            <tr>
              <th scope="col">Incoming Course & Title</th>
              <th scope="col">Equivalent HKUST Course</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>
                <IncomingCourses courses={mapping.incomingCourses} />
              </td>
              <td>
                <HomeCourses courses={mapping.homeCourses} />
              </td>
            </tr>
          </tbody>
        </table>
      </TableScroll>
      {/* Only the mapping's requesters are shown its documents; for anyone else the API leaves them out. */}
      {mapping.documents && (
        <>
          <h3>Documents</h3>
          {mapping.documents.length === 0 ? (
            <p class="muted">No documents.</p>
          ) : (
            <ul class="document-list">
              {mapping.documents.map((d) => (
                <li key={d.uploadId}>
                  {d.fileName}
                  {d.sizeBytes !== undefined && <span class="muted"> ({formatSize(d.sizeBytes)})</span>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <div class="form-actions">
        <HeaderAction
          recordId={recordId}
          mappingRef={mapping.ref}
          action={mapping.action}
          onChanged={onChanged}
        />
        <a class="button" href={newRequestHref(recordId, { remap: mapping.ref })}>
          Re-map
        </a>
      </div>
    </section>
  );
}

/** The actions that need no form: Notify Me, Will Notify You, Apply for CT. */
function HeaderAction({
  recordId,
  mappingRef,
  action,
  onChanged,
}: {
  recordId: string;
  mappingRef: string;
  action: MappingAction | undefined;
  onChanged: () => void;
}) {
  switch (action) {
    case 'Notify Me':
      return <NotifyMeButton recordId={recordId} mappingRef={mappingRef} onNotified={onChanged} />;
    case 'Will Notify You':
      return <WillNotifyYou />;
    case 'Apply for CT':
      return <ApplyForCtAction recordId={recordId} mappingRef={mappingRef} />;
    default:
      return null;
  }
}
