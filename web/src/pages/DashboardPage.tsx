import { useMemo, useState } from 'preact/hooks';
import { ErrorPanel, Loading } from '../components/Feedback';
import { PageLayout } from '../components/PageLayout';
import { StatusBadge } from '../components/StatusBadge';
import { TableScroll } from '../components/TableScroll';
import {
  applicationStatuses,
  type Dashboard,
  type InstitutionSummary,
  mappingStatuses,
  type Student,
  type ToDoItem,
} from '../contracts';
import { applicationHref, mappingHref } from '../links';
import { linkTo } from '../router';
import { useCall } from '../use-api';

// Guide §2, the Student Dashboard: the institutions of the student's elsewhere studies, Student
// Information, the To Do List and the Credit Transfer Summary by Institution.

export function DashboardPage() {
  const { resource, reload } = useCall('getStudentDashboard', {});
  return (
    <PageLayout title="My Dashboard">
      {resource.state === 'loading' && <Loading what="your dashboard" />}
      {resource.state === 'failed' && (
        <ErrorPanel title="Your dashboard could not be loaded" error={resource.error} onRetry={reload} />
      )}
      {resource.state === 'loaded' && <DashboardView dashboard={resource.data} />}
    </PageLayout>
  );
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The study record page's link, once that page exists. */
const recordHref = (recordId: string): string | undefined => linkTo('/records/:recordId', { recordId });

function InstitutionName({ recordId, name }: { recordId: string; name: string }) {
  const href = recordHref(recordId);
  return href ? <a href={href}>{name}</a> : name;
}

function DashboardView({ dashboard }: { dashboard: Dashboard }) {
  return (
    <div class="dashboard">
      <nav class="dashboard__institutions card" aria-labelledby="institutions-heading">
        <h2 id="institutions-heading">Institutions</h2>
        {dashboard.institutions.length === 0 ? (
          <p class="muted">You have no study records yet.</p>
        ) : (
          <ul class="institution-list" data-testid="institution-list">
            {dashboard.institutions.map((i) => (
              <li key={i.recordId}>
                <InstitutionName recordId={i.recordId} name={i.institutionName} />
              </li>
            ))}
          </ul>
        )}
      </nav>
      <div class="dashboard__main">
        <StudentInformation student={dashboard.studentInformation} />
        <ToDoList toDoList={dashboard.toDoList} />
        <CreditTransferSummary summaries={dashboard.creditTransferSummary} />
      </div>
    </div>
  );
}

function StudentInformation({ student }: { student: Student }) {
  const rows: [string, string][] = [
    ['Student ID', student.studentId],
    ['Program', student.program],
    ['Cohort Term', student.cohortTerm],
    ['Degree Checkout', student.degreeCheckout],
    ['Program Status', student.programStatus],
    ['Email Address', student.email],
    ['Academic Year', student.academicYear],
  ];
  return (
    <section class="card" aria-labelledby="student-information-heading">
      <h2 id="student-information-heading">Student Information</h2>
      <table class="info-table" aria-labelledby="student-information-heading">
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ToDoList({ toDoList }: { toDoList: Dashboard['toDoList'] }) {
  const count = toDoList.reduce((sum, group) => sum + group.items.length, 0);
  return (
    <section class="card card--todo" aria-labelledby="todo-heading" data-testid="todo-list">
      <h2 id="todo-heading">
        To Do List
        {count > 0 && (
          <span class="count-badge count-badge--alert" role="img" aria-label={plural(count, 'item')}>
            {count}
          </span>
        )}
      </h2>
      {count === 0 ? (
        <p class="muted">Nothing is pending your action.</p>
      ) : (
        <>
          <p>The following items require your attention. Please click on each item to proceed.</p>
          {toDoList.map((group) => (
            <div class="todo-group" key={group.recordId}>
              <h3>
                <InstitutionName recordId={group.recordId} name={group.institutionName} />
              </h3>
              <TableScroll label={`Items pending your action at ${group.institutionName}`}>
                <table class="data-table">
                  <caption class="visually-hidden">
                    Items pending your action at {group.institutionName}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">D.B. Ref. No.</th>
                      <th scope="col">Incoming Course</th>
                      <th scope="col">HKUST Equivalent</th>
                      <th scope="col">Mapping Info</th>
                      <th scope="col">Action</th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.items.map((item) => (
                      <ToDoRow key={`${item.kind}:${item.ref}`} recordId={group.recordId} item={item} />
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </div>
          ))}
        </>
      )}
    </section>
  );
}

function ToDoRow({ recordId, item }: { recordId: string; item: ToDoItem }) {
  // Provide Info is done on the mapping's (or the application's) own page, where the note and the form are.
  const href =
    item.kind === 'application'
      ? applicationHref(recordId, item.applicationId)
      : mappingHref(recordId, item.ref);
  return (
    <tr>
      <td class="nowrap">{item.ref}</td>
      <td>{item.incomingCourse}</td>
      <td>{item.homeCourse}</td>
      <td>
        <StatusBadge status={item.status} />
        {item.reviewerNote && (
          <p class="reviewer-note">
            <span class="reviewer-note__label">
              {item.kind === 'application' ? "ARO's Note:" : "Reviewer's Note:"}
            </span>{' '}
            {item.reviewerNote}
          </p>
        )}
      </td>
      <td class="nowrap">
        {href ? <a href={href}>{item.action}</a> : <span class="action-label">{item.action}</span>}
      </td>
    </tr>
  );
}

const normalize = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('en');

function CreditTransferSummary({ summaries }: { summaries: InstitutionSummary[] }) {
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const wanted = normalize(filter.trim());
    return wanted === '' ? summaries : summaries.filter((s) => normalize(s.institutionName).includes(wanted));
  }, [summaries, filter]);

  return (
    <section class="card" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Credit Transfer Summary by Institution</h2>
      <p>Select an institution to proceed. If your institution is not listed, please add it first.</p>
      <AddAnotherInstitution />
      <div class="filter">
        <label class="visually-hidden" for="institution-filter">
          Filter institutions
        </label>
        <input
          id="institution-filter"
          type="search"
          placeholder="Filter institutions..."
          autocomplete="off"
          value={filter}
          onInput={(e) => setFilter(e.currentTarget.value)}
        />
      </div>
      <p class="visually-hidden" aria-live="polite">
        {filter.trim() === '' ? '' : `${shown.length} of ${summaries.length} institutions shown`}
      </p>
      {summaries.length === 0 ? (
        <p class="muted">You have no study records yet.</p>
      ) : shown.length === 0 ? (
        <p class="muted">No institution matches “{filter.trim()}”.</p>
      ) : (
        <ul class="summary-list" data-testid="summary-list">
          {shown.map((s) => (
            <SummaryCard key={s.recordId} summary={s} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** Guide §3.1.2: a non-disclosed On Entry qualification is added by the student. */
function AddAnotherInstitution() {
  const href = linkTo('/institutions/new');
  return href ? (
    <p class="add-institution-action">
      <a class="button button--primary" href={href}>
        + Add Another Institution
      </a>
    </p>
  ) : null;
}

function SummaryCard({ summary }: { summary: InstitutionSummary }) {
  const { total, byStatus } = summary.mappingRequests;
  const counts = mappingStatuses.flatMap((status) => {
    const n = byStatus[status] ?? 0;
    return n > 0 ? [{ status, n }] : [];
  });
  return (
    <li class="summary-card">
      <div class="summary-card__head">
        <h3>
          <InstitutionName recordId={summary.recordId} name={summary.institutionName} />
        </h3>
        {summary.pendingItems > 0 && (
          <span
            class="count-badge count-badge--alert"
            role="img"
            aria-label={plural(summary.pendingItems, 'pending item')}
            title="No. of pending items under this institution"
          >
            {summary.pendingItems}
          </span>
        )}
      </div>
      <dl class="summary-card__facts">
        <div>
          <dt>Category</dt>
          <dd>{summary.category}</dd>
        </div>
        <div>
          <dt>Transfer Term</dt>
          <dd>{summary.transferTerm}</dd>
        </div>
        <div>
          <dt>Study Period</dt>
          <dd>{summary.studyPeriod}</dd>
        </div>
        <div class="summary-card__requests">
          <dt>Mapping Requests</dt>
          <dd>
            {total === 0 ? (
              'None yet'
            ) : (
              <>
                {total} in total
                <ul class="status-counts">
                  {counts.map(({ status, n }) => (
                    <li key={status}>
                      {n} <StatusBadge status={status} />
                    </li>
                  ))}
                </ul>
              </>
            )}
          </dd>
        </div>
        <div class="summary-card__requests">
          <dt>Credit Transfer Applications</dt>
          <dd>
            {summary.applications.total === 0 ? (
              'None yet'
            ) : (
              <>
                {summary.applications.total} in total
                <ul class="status-counts">
                  {applicationStatuses.flatMap((status) => {
                    const n = summary.applications.byStatus[status] ?? 0;
                    return n > 0
                      ? [
                          <li key={status}>
                            {n} <StatusBadge status={status} />
                          </li>,
                        ]
                      : [];
                  })}
                </ul>
              </>
            )}
          </dd>
        </div>
      </dl>
    </li>
  );
}
