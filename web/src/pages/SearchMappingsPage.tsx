import { useEffect, useRef, useState } from 'preact/hooks';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { HomeCourses, IncomingCourses } from '../components/Courses';
import { ErrorPanel, Loading } from '../components/Feedback';
import { MappingActionCell } from '../components/MappingActions';
import { PageLayout } from '../components/PageLayout';
import { Pager } from '../components/Pager';
import { ReReviewTag, StatusBadge } from '../components/StatusBadge';
import { TableScroll } from '../components/TableScroll';
import type { MappingRow, ValidityFilter } from '../contracts';
import { dashboardHref, mappingHref, newRequestHref, recordHref, searchHref } from '../links';
import { navigate, type PageProps } from '../router';
import { useCall } from '../use-api';

// Guide §4.1-4.7, Search Existing Mappings at the record's institution, judged against its transfer
// term. The search lives in the address (`?q=music&filters=expired&page=2`), so coming back from a
// mapping's page finds the same results.

interface SearchQuery {
  q: string;
  filters: ValidityFilter[];
  page: number;
}

const filterBoxes: { value: ValidityFilter; label: string }[] = [
  { value: 'valid', label: 'Valid Mapping' },
  { value: 'expired', label: 'Expired Mapping' },
  { value: 'ready', label: 'Ready for Credit transfer' },
];

/** The guide: "both Valid and Expired mappings are displayed by default". */
const defaultFilters: ValidityFilter[] = ['valid', 'expired'];

function readSearch(query: URLSearchParams): SearchQuery {
  const filters = query.has('filters')
    ? filterBoxes.map((f) => f.value).filter((f) => (query.get('filters') ?? '').split(',').includes(f))
    : defaultFilters;
  const page = Number.parseInt(query.get('page') ?? '1', 10);
  return { q: query.get('q') ?? '', filters, page: Number.isFinite(page) && page > 0 ? page : 1 };
}

const asQuery = (s: SearchQuery): Record<string, string> => ({
  ...(s.q ? { q: s.q } : {}),
  filters: s.filters.join(','),
  ...(s.page > 1 ? { page: String(s.page) } : {}),
});

export function SearchMappingsPage({ params, query }: PageProps) {
  const recordId = params.recordId ?? '';
  const search = readSearch(query);
  const { resource, reload } = useCall('searchExistingMappings', {
    path: { recordId },
    // The API takes the ticked filters as one comma list (API Gateway's form of a repeated parameter).
    query: { q: search.q, filters: search.filters.join(','), page: search.page },
  });
  // The transfer term stays on screen while a new page of results loads.
  const [transferTerm, setTransferTerm] = useState<string>();
  useEffect(() => {
    if (resource.state === 'loaded') setTransferTerm(resource.data.record.transferTerm);
  }, [resource]);

  const go = (next: SearchQuery) => navigate(searchHref(recordId, asQuery(next)), { replace: true });

  return (
    <PageLayout title="Search Existing Mappings">
      <Breadcrumbs
        trail={[
          { label: 'My Dashboard', href: dashboardHref() },
          { label: 'Study Record', href: recordHref(recordId) },
          { label: 'Search Existing Mappings' },
        ]}
      />
      <section class="card" aria-labelledby="search-heading">
        <h2 id="search-heading">Search Existing Mappings</h2>
        <p>Review existing mapping requests. If no suitable mapping is found, you can apply for a new one.</p>
        <SearchControls search={search} transferTerm={transferTerm} onChange={go} />
        {resource.state === 'loading' && <Loading what="mappings" />}
        {resource.state === 'failed' && (
          <ErrorPanel title="Mappings could not be searched" error={resource.error} onRetry={reload} />
        )}
        {resource.state === 'loaded' && (
          <>
            <p class="visually-hidden" aria-live="polite">
              {resource.data.total} mappings found
            </p>
            <ResultsTable recordId={recordId} rows={resource.data.rows} />
            {resource.data.total > 0 && (
              <Pager
                page={resource.data.page}
                pageSize={resource.data.pageSize}
                total={resource.data.total}
                onPage={(page) => go({ ...search, page })}
              />
            )}
          </>
        )}
        <p class="apply-new">
          Only if you cannot find the intended mapping, please click to{' '}
          <a href={newRequestHref(recordId)}>Apply for New Mappings / Mapping Groups</a>.
        </p>
      </section>
    </PageLayout>
  );
}

function SearchControls({
  search,
  transferTerm,
  onChange,
}: {
  search: SearchQuery;
  transferTerm: string | undefined;
  onChange: (next: SearchQuery) => void;
}) {
  const [text, setText] = useState(search.q);
  // The latest search, for the keyword timer that fires after later renders.
  const latest = useRef(search);
  latest.current = search;
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);

  const typed = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (value.trim() !== latest.current.q) onChange({ ...latest.current, q: value.trim(), page: 1 });
    }, 300);
  };

  const toggle = (filter: ValidityFilter, on: boolean) => {
    const filters = filterBoxes
      .map((f) => f.value)
      .filter((f) => (f === filter ? on : search.filters.includes(f)));
    onChange({ ...search, filters, page: 1 });
  };

  return (
    <div class="search-controls">
      <fieldset class="search-filters">
        <legend class="visually-hidden">Show mappings</legend>
        <span class="search-filters__term">
          Transfer Term: <strong>{transferTerm ?? '…'}</strong>
        </span>
        {filterBoxes.map((f) => (
          <label key={f.value} class="checkbox">
            <input
              type="checkbox"
              checked={search.filters.includes(f.value)}
              onChange={(e) => toggle(f.value, e.currentTarget.checked)}
            />
            {f.label}
          </label>
        ))}
      </fieldset>
      {search.filters.length === 0 && (
        <p class="muted">No box is ticked, so Valid and Expired mappings are shown.</p>
      )}
      <div class="filter">
        <label class="visually-hidden" for="mapping-keyword">
          Filter by course, ref. no. or mapping info
        </label>
        <input
          id="mapping-keyword"
          type="search"
          placeholder="Filter by course, ref. no. or mapping info"
          autocomplete="off"
          value={text}
          onInput={(e) => typed(e.currentTarget.value)}
        />
      </div>
    </div>
  );
}

function ResultsTable({ recordId, rows }: { recordId: string; rows: MappingRow[] }) {
  // Notify Me acts in place: the row's action turns into "Will Notify You" without a reload.
  const [followed, setFollowed] = useState<ReadonlySet<string>>(new Set());
  if (rows.length === 0) return <p class="muted">No existing mapping matches your search.</p>;
  return (
    <TableScroll label="Search Existing Mappings">
      <table class="data-table data-table--wrap-head data-table--rows-link" aria-labelledby="search-heading">
        <thead>
          <tr>
            <th scope="col">Incoming Course & Title</th>
            <th scope="col">Equivalent HKUST Course</th>
            <th scope="col">D.B. Ref. No.</th>
            <th scope="col">Mapping Info</th>
            <th scope="col">Action</th>
            <th scope="col">Map to Other Courses</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.ref} data-ref={row.ref} onClick={() => navigate(mappingHref(recordId, row.ref))}>
              <td>
                <IncomingCourses courses={row.incomingCourses} />
              </td>
              <td>
                <HomeCourses courses={row.homeCourses} />
              </td>
              <td class="nowrap">
                <a href={mappingHref(recordId, row.ref)} onClick={(e) => e.stopPropagation()}>
                  {row.ref}
                </a>
              </td>
              <td>
                <StatusBadge status={row.status} />
                {row.underReReview && <ReReviewTag />}
              </td>
              <td class="nowrap">
                <MappingActionCell
                  recordId={recordId}
                  mappingRef={row.ref}
                  action={followed.has(row.ref) ? 'Will Notify You' : row.action}
                  onNotified={() => setFollowed((s) => new Set([...s, row.ref]))}
                />
              </td>
              <td class="nowrap">
                <a
                  class="button button--small"
                  href={newRequestHref(recordId, { remap: row.ref })}
                  aria-label={`Re-map ${row.ref}`}
                  onClick={(e) => e.stopPropagation()}
                >
                  Re-map
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
