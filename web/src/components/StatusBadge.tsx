const statusClass = (status: string): string =>
  `status status--${status.toLowerCase().replace(/[^a-z]+/g, '-')}`;

/** A mapping status in the guide's words ("Request Initiated", "Need Further Info", ...). */
export function StatusBadge({ status }: { status: string }) {
  return <span class={statusClass(status)}>{status}</span>;
}
