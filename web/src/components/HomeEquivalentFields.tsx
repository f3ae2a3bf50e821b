import { useRef, useState } from 'preact/hooks';
import type { HomeCourse } from '../contracts';
import type { HomeEquivalentForm } from '../request-form';
import { ApprovedMappings } from './ApprovedMappings';
import { chosenHomeCourseText } from './Courses';
import { FieldError, type FieldIssues, issueAt } from './FieldIssues';
import { HomeCoursePicker } from './HomeCoursePicker';

// "HKUST Equivalent 1 — * HKUST Course:" (guide §4.2, tab 2), chosen in the pop-up, with a look at
// what other institutions' courses were approved as it: a hint of whether the proposal can work.

export function HomeEquivalentFields({
  index,
  equivalent,
  issues,
  onSelect,
  onRemove,
}: {
  index: number;
  equivalent: HomeEquivalentForm;
  issues: FieldIssues;
  onSelect: (course: HomeCourse) => void;
  onRemove: (() => void) | undefined;
}) {
  const [picking, setPicking] = useState(false);
  const [lookup, setLookup] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const name = `HKUST Equivalent ${index + 1}`;
  const course = equivalent.course;
  const error = issueAt(issues, `body.homeCourseCodes.${index}`);
  const errorId = `${equivalent.key}-error`;

  const closePicker = () => {
    setPicking(false);
    // The dialog is gone: give focus back to the button that opened it.
    requestAnimationFrame(() => trigger.current?.focus());
  };

  return (
    <fieldset class="course-card">
      <legend>{name}</legend>
      {onRemove && (
        <button
          type="button"
          class="link-button course-card__remove"
          aria-label={`Remove ${name}`}
          onClick={onRemove}
        >
          Remove
        </button>
      )}
      <div class="home-course">
        <span class="field-label" id={`${equivalent.key}-label`}>
          <span class="required" aria-hidden="true">
            *{' '}
          </span>
          HKUST Course:
        </span>
        <output
          class={`home-course__value${course ? '' : ' muted'}`}
          aria-labelledby={`${equivalent.key}-label`}
          aria-describedby={error ? errorId : undefined}
        >
          {course ? chosenHomeCourseText(course) : 'None selected'}
        </output>
        <button
          ref={trigger}
          type="button"
          class="button button--small"
          // The visible word starts the name (WCAG 2.5.3, Label in Name): "Change HKUST course for …".
          aria-label={`${course ? 'Change' : 'Search'} HKUST course for ${name}`}
          aria-haspopup="dialog"
          onClick={() => setPicking(true)}
        >
          {course ? 'Change' : 'Search'}
        </button>
      </div>
      {course && course.exclusions.length > 0 && (
        <p class="muted">Exclusions: {course.exclusions.join(', ')}</p>
      )}
      <FieldError id={errorId} message={error} />
      {course && (
        <div class="reverse-lookup">
          <button type="button" class="link-button" aria-expanded={lookup} onClick={() => setLookup(!lookup)}>
            {lookup ? 'Hide' : 'Show'} approved mappings to {course.code} from other institutions
          </button>
          {lookup && (
            <ApprovedMappings
              source={{ operation: 'getApprovedMappingsToCourse', input: { path: { code: course.code } } }}
              caption={`Approved mappings to ${course.code} from other institutions`}
              empty={`No approved mappings to ${course.code} were found at other institutions.`}
            />
          )}
        </div>
      )}
      {picking && (
        <HomeCoursePicker
          title={name}
          onClose={closePicker}
          onSelect={(c) => {
            onSelect(c);
            closePicker();
          }}
        />
      )}
    </fieldset>
  );
}
