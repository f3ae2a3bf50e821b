import type { RequestForm } from '../request-form';
import { parseCredits } from '../request-form';
import { FieldError, type FieldIssues, issueAt } from './FieldIssues';
import { formatSize } from './PdfUploader';

// "3. Review & Submit" (guide §4.2): what will be sent, as the guide lays it out.

export function RequestReview({ form }: { form: RequestForm }) {
  return (
    <div class="review">
      <h3>Incoming Course</h3>
      {form.incoming.map((c, i) => {
        const files = c.files.filter((f) => f.state === 'verified');
        return (
          <section class="review__item" key={c.key} aria-labelledby={`${c.key}-review`}>
            <h4 id={`${c.key}-review`}>Incoming Course {i + 1}</h4>
            <dl class="review__facts">
              <dt>Course Code:</dt>
              <dd>{c.code}</dd>
              <dt>Course Title:</dt>
              <dd>{c.title}</dd>
              <dt>Credits:</dt>
              <dd>
                {parseCredits(c.credits) ?? c.credits} {c.creditUnit}
              </dd>
              <dt>Documents:</dt>
              <dd>
                {files.length === 0
                  ? '—'
                  : files.map((f) => (
                      <span class="course-line" key={f.key}>
                        {f.fileName}
                        {f.sizeBytes !== undefined ? ` (${formatSize(f.sizeBytes)})` : ''}
                      </span>
                    ))}
              </dd>
            </dl>
          </section>
        );
      })}
      <h3>Proposed HKUST Equivalents</h3>
      {form.home.map((h, i) => (
        <section class="review__item" key={h.key} aria-labelledby={`${h.key}-review`}>
          <h4 id={`${h.key}-review`}>Proposed HKUST Equivalent {i + 1}</h4>
          {h.course ? (
            <dl class="review__facts">
              <dt>Selected Course:</dt>
              <dd>
                {h.course.title} - {h.course.code}
              </dd>
              <dt>Course Code:</dt>
              <dd>{h.course.code}</dd>
              <dt>Course Title:</dt>
              <dd>{h.course.title}</dd>
              <dt>Credits:</dt>
              <dd>{h.course.credits}</dd>
            </dl>
          ) : (
            <p class="muted">No course selected.</p>
          )}
        </section>
      ))}
    </div>
  );
}

/** For appeal mapping requests (guide §4.2, §4.5): why the new mapping group is more equivalent. */
export function JustificationField({
  value,
  issues,
  onInput,
}: {
  value: string;
  issues: FieldIssues;
  onInput: (value: string) => void;
}) {
  const error = issueAt(issues, 'body.justification');
  return (
    <div class="field justification">
      <label for="justification">Justification</label>
      <p class="field-hint" id="justification-hint">
        For appeal mapping requests, you must provide further justification, such as a comparison table
        demonstrating the equivalence of the courses.
      </p>
      <textarea
        id="justification"
        rows={5}
        maxLength={4000}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'justification-hint justification-error' : 'justification-hint'}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <FieldError id="justification-error" message={error} />
    </div>
  );
}
