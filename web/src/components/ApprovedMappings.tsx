import type { Input } from '../api';
import { useCall } from '../use-api';
import { HomeCourses, IncomingCourses } from './Courses';
import { ErrorPanel, Loading } from './Feedback';
import { TableScroll } from './TableScroll';

// Approved mappings at other institutions: precedents for an appeal, or the reverse lookup of an
// HKUST course ("what has been accepted as this course elsewhere?").

const validity = (from?: string, to?: string): string => (from || to ? `${from ?? '…'} – ${to ?? '…'}` : '—');

/** Which approved mappings: the precedents of a mapping, or those to an HKUST course. */
export type ApprovedMappingsSource =
  | { operation: 'getPrecedents'; input: Input<'getPrecedents'> }
  | { operation: 'getApprovedMappingsToCourse'; input: Input<'getApprovedMappingsToCourse'> };

export function ApprovedMappings({
  source,
  caption,
  empty,
}: {
  source: ApprovedMappingsSource;
  caption: string;
  empty: string;
}) {
  // Both operations answer the same shape; the narrowing keeps each input with its own operation.
  const { resource, reload } = useCall(
    source.operation as 'getPrecedents',
    source.input as Input<'getPrecedents'>,
  );
  if (resource.state === 'loading') return <Loading what="approved mappings" />;
  if (resource.state === 'failed') {
    return (
      <ErrorPanel title="Approved mappings could not be loaded" error={resource.error} onRetry={reload} />
    );
  }
  const { mappings } = resource.data;
  if (mappings.length === 0) return <p class="muted">{empty}</p>;
  return (
    <TableScroll label={caption}>
      <table class="data-table data-table--wrap-head">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Institution</th>
            <th scope="col">Incoming Course & Title</th>
            <th scope="col">Equivalent HKUST Course</th>
            <th scope="col">D.B. Ref. No.</th>
            <th scope="col">Valid</th>
          </tr>
        </thead>
        <tbody>
          {mappings.map((m) => (
            <tr key={m.ref}>
              <td>{m.institutionName}</td>
              <td>
                <IncomingCourses courses={m.incomingCourses} />
              </td>
              <td>
                <HomeCourses courses={m.homeCourses} />
              </td>
              <td class="nowrap">{m.ref}</td>
              <td class="nowrap">{validity(m.validFrom, m.validTo)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
