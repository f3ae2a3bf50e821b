import type { JSX } from 'preact';
import { type CreditUnit, creditUnits } from '../contracts';
import type { IncomingCourseForm } from '../request-form';
import { FieldError, type FieldIssues, issueAt } from './FieldIssues';
import { type PdfListUpdate, PdfUploader } from './PdfUploader';

// "Incoming Course 1": * Course Code, * Course Title, * Course Credits, * Credit Unit and
// * Supporting Documents (guide §4.2, tab 1).

type TextField = 'code' | 'title' | 'credits';

export function IncomingCourseFields({
  index,
  course,
  issues,
  onChange,
  onFiles,
  onRemove,
}: {
  index: number;
  course: IncomingCourseForm;
  issues: FieldIssues;
  onChange: (patch: Partial<IncomingCourseForm>) => void;
  onFiles: PdfListUpdate;
  onRemove: (() => void) | undefined;
}) {
  const at = `body.incomingCourses.${index}`;
  const id = (field: string) => `${course.key}-${field}`;

  const text = (field: TextField, label: string, extra: JSX.InputHTMLAttributes<HTMLInputElement> = {}) => {
    const error = issueAt(issues, `${at}.${field}`);
    return (
      <div class={`field field--${field}`}>
        <label for={id(field)}>
          <span class="required" aria-hidden="true">
            *{' '}
          </span>
          {label}
        </label>
        <input
          id={id(field)}
          type="text"
          required
          autocomplete="off"
          value={course[field]}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? id(`${field}-error`) : undefined}
          onInput={(e) => onChange({ [field]: e.currentTarget.value })}
          {...extra}
        />
        <FieldError id={id(`${field}-error`)} message={error} />
      </div>
    );
  };

  const unitError = issueAt(issues, `${at}.creditUnit`);
  return (
    <fieldset class="course-card">
      <legend>Incoming Course {index + 1}</legend>
      {onRemove && (
        <button
          type="button"
          class="link-button course-card__remove"
          aria-label={`Remove Incoming Course ${index + 1}`}
          onClick={onRemove}
        >
          Remove
        </button>
      )}
      <div class="field-grid">
        {text('code', 'Course Code', { maxLength: 40 })}
        {text('title', 'Course Title', { maxLength: 200 })}
        {text('credits', 'Course Credits', { inputMode: 'decimal' })}
        <div class="field field--unit">
          <label for={id('unit')}>
            <span class="required" aria-hidden="true">
              *{' '}
            </span>
            Credit Unit
          </label>
          <select
            id={id('unit')}
            required
            value={course.creditUnit}
            aria-invalid={unitError ? true : undefined}
            aria-describedby={unitError ? id('unit-error') : undefined}
            onChange={(e) => onChange({ creditUnit: e.currentTarget.value as CreditUnit | '' })}
          >
            <option value="">Select…</option>
            {creditUnits.map((unit) => (
              <option key={unit} value={unit}>
                {unit}
              </option>
            ))}
          </select>
          <FieldError id={id('unit-error')} message={unitError} />
        </div>
      </div>
      <PdfUploader
        id={id('documents')}
        label="Supporting Documents"
        required
        files={course.files}
        onChange={onFiles}
        error={issueAt(issues, `${at}.documentIds`)}
      />
    </fieldset>
  );
}
