import { useEffect, useRef, useState } from 'preact/hooks';
import type { HomeCourse } from '../contracts';
import { useCall } from '../use-api';
import { ErrorPanel, Loading } from './Feedback';
import { TableScroll } from './TableScroll';

// "Please select the course" (guide §4.2, tab 2): Advanced Search by Course Code and Course Title,
// a radio per course with its credits and exclusions, and Select. A modal <dialog> keeps focus
// inside until the student selects or cancels.

export function HomeCoursePicker({
  title,
  onSelect,
  onClose,
}: {
  /** Which equivalent is being chosen, for the dialog's name ("HKUST Equivalent 2"). */
  title: string;
  onSelect: (course: HomeCourse) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [code, setCode] = useState('');
  const [words, setWords] = useState('');
  const [asked, setAsked] = useState<{ code: string; title: string }>();
  const [chosen, setChosen] = useState<HomeCourse>();
  const [hint, setHint] = useState<string>();

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  function search(e: Event) {
    e.preventDefault();
    const wanted = { code: code.trim().replace(/\s+/g, '').toUpperCase(), title: words.trim() };
    if (!wanted.code && !wanted.title) {
      setHint('Enter a course code (such as HUMA11) or words of the course title.');
      return;
    }
    setHint(undefined);
    setChosen(undefined);
    setAsked(wanted);
  }

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="picker-heading" onClose={onClose}>
      <div class="dialog__head">
        <h2 id="picker-heading">Please select the course</h2>
        <span class="muted">{title}</span>
      </div>
      <form class="picker-search" onSubmit={search}>
        <h3>Advanced Search</h3>
        <div class="field-grid">
          <div class="field">
            <label for="picker-code">Course Code</label>
            <input
              id="picker-code"
              type="text"
              autocomplete="off"
              placeholder="e.g. HUMA11"
              value={code}
              onInput={(e) => setCode(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="picker-title">Course Title</label>
            <input
              id="picker-title"
              type="text"
              autocomplete="off"
              placeholder="e.g. music"
              value={words}
              onInput={(e) => setWords(e.currentTarget.value)}
            />
          </div>
          <div class="field field--action">
            <button type="submit" class="button">
              Search
            </button>
          </div>
        </div>
        {hint && (
          <p class="field-error" role="alert">
            {hint}
          </p>
        )}
      </form>
      {asked && <PickerResults code={asked.code} title={asked.title} chosen={chosen} onChoose={setChosen} />}
      <div class="form-actions">
        <button
          type="button"
          class="button button--primary"
          disabled={!chosen}
          onClick={() => chosen && onSelect(chosen)}
        >
          Select
        </button>
        <button type="button" class="button" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

function PickerResults({
  code,
  title,
  chosen,
  onChoose,
}: {
  code: string;
  title: string;
  chosen: HomeCourse | undefined;
  onChoose: (course: HomeCourse) => void;
}) {
  const { resource, reload } = useCall('searchHomeCourses', { query: { code, title } });
  if (resource.state === 'loading') return <Loading what="HKUST courses" />;
  if (resource.state === 'failed') {
    return <ErrorPanel title="HKUST courses could not be searched" error={resource.error} onRetry={reload} />;
  }
  const { courses } = resource.data;
  if (courses.length === 0) return <p class="muted">No HKUST course matches your search.</p>;
  return (
    <TableScroll label="HKUST courses found" class="picker-results">
      <table class="data-table">
        <caption class="visually-hidden">HKUST courses found</caption>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">Choose</span>
            </th>
            <th scope="col">Course Code</th>
            <th scope="col">Course Title</th>
            <th scope="col">Credits</th>
            <th scope="col">Exclusions</th>
          </tr>
        </thead>
        <tbody>
          {courses.map((c) => (
            <tr
              key={c.code}
              class={chosen?.code === c.code ? 'is-chosen' : undefined}
              onClick={() => onChoose(c)}
            >
              <td>
                <input
                  type="radio"
                  name="picker-choice"
                  value={c.code}
                  aria-label={`${c.code} ${c.title}`}
                  checked={chosen?.code === c.code}
                  onChange={() => onChoose(c)}
                />
              </td>
              <td class="nowrap">{c.code}</td>
              <td>{c.title}</td>
              <td>{c.credits}</td>
              <td>{c.exclusions.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
