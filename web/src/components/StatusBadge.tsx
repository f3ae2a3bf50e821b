const statusClass = (status: string): string =>
  `status status--${status.toLowerCase().replace(/[^a-z]+/g, '-')}`;

/** A mapping status in the guide's words ("Request Initiated", "Need Further Info", ...). */
export function StatusBadge({ status }: { status: string }) {
  return <span class={statusClass(status)}>{status}</span>;
}

/** An Approved mapping whose HKUST course changed since: ARO is re-reviewing it. */
export function ReReviewTag() {
  return (
    <span
      class="tag"
      title="An HKUST course of this mapping changed since it was approved; ARO is re-reviewing it"
    >
      Under re-review
    </span>
  );
}
