// When a pending mapping can expect its decision (YYYY-MM-DD): from its submission, the slowest of the
// subject departments' median turnaround over their recent decisions. The API leaves it out until
// every department involved has decided before, and once the mapping is decided.

const basis =
  'how long the subject departments involved have recently taken to decide (their median turnaround); ' +
  'the actual date may differ.';

/** The mapping page's line, with its hint. */
export function EstimatedDecision({ date }: { date: string }) {
  return (
    <div class="estimate" data-testid="estimated-decision">
      <p class="estimate__date">
        <span class="estimate__label">Estimated decision date:</span> <time dateTime={date}>{date}</time>
      </p>
      <p class="field-hint">Based on {basis}</p>
    </div>
  );
}

/** Under the status in My Course Mapping Requests; the table's footnote gives the hint once. */
export function EstimatedDecisionNote({ date }: { date: string }) {
  return (
    <p class="estimate-note">
      Estimated decision date: <time dateTime={date}>{date}</time>
    </p>
  );
}

/** Below a table with estimates: what they rest on. */
export function EstimatesFootnote() {
  return <p class="field-hint table-note">Estimated decision dates are based on {basis}</p>;
}
