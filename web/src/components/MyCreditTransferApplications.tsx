import { useState } from 'preact/hooks';
import type { Output } from '../api';
import { applicationHref, mappingHref, searchHref } from '../links';
import { useLocation } from '../router';
import { useCall } from '../use-api';
import { HomeCourses, IncomingCourses } from './Courses';
import { DisclosureHeading } from './DisclosureHeading';
import { ErrorPanel, Loading } from './Feedback';
import { StatusBadge } from './StatusBadge';
import { TableScroll } from './TableScroll';

// "My Credit Transfer Applications" on the Study Record (guide §5.1): the applications made with
// Apply for CT on this record's approved mappings, last modified first, each with the final grades
// entered so far. "+ Apply for Credit Transfer" opens Search Existing Mappings narrowed to the
// mappings that can be applied for.

type Application = Output<'getMyApplication'>;

/** The study record page's address after Delete on an application page names the mapping deleted. */
export const deletedApplicationParam = 'deletedApplication';

/** Everything a row shows, so the filter finds what the student reads. */
const searchableText = (a: Application): string =>
  [
    a.ref,
    a.status,
    a.lastModified,
    ...a.incomingCourses.flatMap((c) => [c.code, c.title, c.finalGrade ?? '']),
    ...a.homeCourses.flatMap((c) => [c.code, c.title]),
  ]
    .join(' ')
    .toLowerCase();

export function MyCreditTransferApplications({ recordId }: { recordId: string }) {
  const { resource, reload } = useCall(
    'listMyApplications',
    { path: { recordId } },
    { refreshOnReturn: true },
  );
  const [open, setOpen] = useState(true);
  const [filter, setFilter] = useState('');
  const deleted = useLocation().query.get(deletedApplicationParam);
  return (
    <section class="card" aria-labelledby="my-applications-heading" data-testid="my-applications">
      <div class="section-head">
        <DisclosureHeading
          id="my-applications-heading"
          controls="my-applications-body"
          open={open}
          onToggle={() => setOpen(!open)}
        >
          My Credit Transfer Applications
        </DisclosureHeading>
        <a class="button button--primary" href={searchHref(recordId, { filters: 'ready' })}>
          + Apply for Credit Transfer
        </a>
      </div>
      <div id="my-applications-body" hidden={!open}>
        {deleted && (
          <div class="alert alert--success" role="status">
            Your draft application for {deleted} has been deleted. You can apply for credit transfer with that
            mapping again.
          </div>
        )}
        <div class="filter">
          <label class="visually-hidden" for="my-applications-filter">
            Filter by course or status
          </label>
          <input
            id="my-applications-filter"
            type="search"
            placeholder="Filter by course or status"
            autocomplete="off"
            value={filter}
            onInput={(e) => setFilter(e.currentTarget.value)}
          />
        </div>
        {resource.state === 'loading' && <Loading what="your credit transfer applications" />}
        {resource.state === 'failed' && (
          <ErrorPanel
            title="Your credit transfer applications could not be loaded"
            error={resource.error}
            onRetry={reload}
          />
        )}
        {resource.state === 'loaded' && (
          <ApplicationsTable
            recordId={recordId}
            applications={resource.data.applications}
            filter={filter.trim()}
          />
        )}
      </div>
    </section>
  );
}

function ApplicationsTable({
  recordId,
  applications,
  filter,
}: {
  recordId: string;
  applications: Application[];
  filter: string;
}) {
  // The API answers every application of the record at once, so the filter needs no round trip.
  const wanted = filter.toLowerCase();
  const rows = wanted === '' ? applications : applications.filter((a) => searchableText(a).includes(wanted));
  if (rows.length === 0) {
    return (
      <p class="muted">
        {applications.length === 0
          ? 'You have no credit transfer applications for this study record yet. Find an approved mapping with “+ Apply for Credit Transfer”, then press Apply for CT.'
          : `No credit transfer application matches “${filter}”.`}
      </p>
    );
  }
  return (
    <TableScroll label="My Credit Transfer Applications">
      <table class="data-table data-table--wrap-head" aria-labelledby="my-applications-heading">
        <thead>
          <tr>
            <th scope="col">Last Modified</th>
            <th scope="col">D.B. Ref. No.</th>
            <th scope="col">Incoming Course Code & Title</th>
            <th scope="col">HKUST Equivalent Code & Title</th>
            <th scope="col">Submitted Grade</th>
            <th scope="col">Application Status</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.applicationId} data-application-id={a.applicationId} data-ref={a.ref}>
              <td class="nowrap">{a.lastModified}</td>
              <td class="nowrap">
                <a href={mappingHref(recordId, a.ref)}>{a.ref}</a>
              </td>
              <td>
                <IncomingCourses courses={a.incomingCourses} />
              </td>
              <td>
                <HomeCourses courses={a.homeCourses} />
              </td>
              <td>
                <Grades application={a} />
              </td>
              <td>
                <StatusBadge status={a.status} />
                {a.status === 'Need Further Info' && a.furtherInfo && (
                  // The guide's ⚠ with the requested information on hover; the text is also there for
                  // keyboards and screen readers, not only on hover.
                  <span class="warning-note" title={a.furtherInfo.note}>
                    <span aria-hidden="true"> ⚠</span>
                    <span class="visually-hidden"> Requested: {a.furtherInfo.note}</span>
                  </span>
                )}
              </td>
              <td class="nowrap">
                <a
                  class="button button--small"
                  href={applicationHref(recordId, a.applicationId)}
                  aria-label={`${actionLabel(a)} application ${a.ref}`}
                >
                  {actionLabel(a)}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** One grade a line, beside the incoming course it is for; a mapping of one course needs no code. */
function Grades({ application }: { application: Application }) {
  const courses = application.incomingCourses;
  const named = courses.length > 1;
  return (
    <span class="course-lines">
      {courses.map((c) => (
        <span class="course-line" key={c.code}>
          {named && `${c.code}: `}
          {c.finalGrade ?? <span class="muted">Not yet entered</span>}
        </span>
      ))}
    </span>
  );
}

/** What the row's button does: the next thing the student can do, else View. */
const actionLabel = (a: Application): string =>
  a.status === 'Draft' ? 'Continue' : a.actions.includes('provide-info') ? 'Provide Info' : 'View';
