import { useEffect, useState } from 'preact/hooks';
import { type ApiError, asApiError } from '../api';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { ConversionStepList, ConversionSteps } from '../components/ConversionSteps';
import { HomeCourses, IncomingCourses, incomingCourseText } from '../components/Courses';
import { ErrorPanel, Loading } from '../components/Feedback';
import { FieldError, issueAt, issuesByField, noIssues } from '../components/FieldIssues';
import { PageLayout } from '../components/PageLayout';
import { Pager } from '../components/Pager';
import { useApp } from '../context';
import type { ConversionPreviewView, MappingRow } from '../contracts';
import { dashboardHref, recordHref } from '../links';
import type { PageProps } from '../router';
import { useCall } from '../use-api';
import { useDebounced } from '../use-debounced';

// Conversion Preview (docs/ucts-conversion.md): the student picks approved mappings of the study
// record that are Ready for Credit Transfer (Search Existing Mappings with that filter, as "+ Apply
// for Credit Transfer" does), types the final grades they have, and sees what each would transfer
// in HKUST credits, every step of the conversion, the record's total and the published rule.
// Nothing is saved: it is a preview, asked again as the grades are typed.

type Grades = Record<string, Record<string, string>>;
type Preview =
  | { state: 'idle' }
  | { state: 'loading'; last?: ConversionPreviewView }
  | { state: 'loaded'; data: ConversionPreviewView }
  | { state: 'failed'; error: ApiError; last?: ConversionPreviewView };

const lastOf = (p: Preview) => (p.state === 'loaded' ? p.data : p.state === 'idle' ? undefined : p.last);

export function ConversionPreviewPage({ params }: PageProps) {
  const recordId = params.recordId ?? '';
  const { api } = useApp();
  const [chosen, setChosen] = useState<MappingRow[]>([]);
  const [grades, setGrades] = useState<Grades>({});
  const [preview, setPreview] = useState<Preview>({ state: 'idle' });

  const applications = chosen.map((m) => ({
    ref: m.ref,
    grades: m.incomingCourses.map((c) => ({ code: c.code, grade: grades[m.ref]?.[c.code] ?? '' })),
  }));
  // Asked again once the typing stops; the request stands for itself as text.
  const asked = useDebounced(JSON.stringify(applications), 350);

  useEffect(() => {
    const wanted = JSON.parse(asked) as typeof applications;
    if (wanted.length === 0) {
      setPreview({ state: 'idle' });
      return;
    }
    const controller = new AbortController();
    setPreview((p) => ({ state: 'loading', last: lastOf(p) }));
    api
      .call(
        'previewConversion',
        { path: { recordId }, body: { applications: wanted } },
        { signal: controller.signal },
      )
      .then(
        (data) => setPreview({ state: 'loaded', data }),
        (error: unknown) => {
          if (!controller.signal.aborted)
            setPreview((p) => ({ state: 'failed', error: asApiError(error), last: lastOf(p) }));
        },
      );
    return () => controller.abort();
  }, [api, recordId, asked]);

  const last = lastOf(preview);
  const error = preview.state === 'failed' ? preview.error : undefined;
  const issues = error?.status === 400 ? issuesByField(error.issues) : noIssues;

  const add = (row: MappingRow) =>
    setChosen((list) => (list.some((m) => m.ref === row.ref) ? list : [...list, row]));
  const remove = (ref: string) => setChosen((list) => list.filter((m) => m.ref !== ref));
  const type = (ref: string, code: string, grade: string) =>
    setGrades((all) => ({ ...all, [ref]: { ...all[ref], [code]: grade } }));

  return (
    <PageLayout title="Conversion Preview">
      <Breadcrumbs
        trail={[
          { label: 'My Dashboard', href: dashboardHref() },
          { label: 'Study Record', href: recordHref(recordId) },
          { label: 'Conversion Preview' },
        ]}
      />
      <section class="card" aria-labelledby="conversion-intro-heading">
        <h2 id="conversion-intro-heading">Conversion Preview</h2>
        <p>
          See how many HKUST credits your approved course mappings would transfer. Choose mappings that are
          Ready for Credit Transfer, type the final grades you have (leave a grade empty if it is not
          available yet), and CTS converts them by the UMAP Credit Transfer Scheme (UCTS), step by step.
          Nothing is saved or submitted here.
        </p>
      </section>
      <MappingPicker recordId={recordId} chosen={chosen} onAdd={add} />
      <section class="card" aria-labelledby="conversion-chosen-heading" data-testid="conversion-chosen">
        <h2 id="conversion-chosen-heading">Your Preview</h2>
        {chosen.length === 0 && <p class="muted">Add an approved mapping above to preview its conversion.</p>}
        {error && error.status !== 400 && (
          <ErrorPanel
            title={error.status === 409 ? 'No conversion yet' : 'The conversion could not be previewed'}
            error={error}
          />
        )}
        {error?.status === 400 && issueAt(issues, 'body.applications') && !hasGradeIssues(issues) && (
          <ErrorPanel title="The conversion could not be previewed" error={error} />
        )}
        {chosen.map((m, i) => (
          <ChosenMapping
            key={m.ref}
            index={i}
            mapping={m}
            grades={grades[m.ref] ?? {}}
            issues={issues}
            preview={last}
            onGrade={(code, grade) => type(m.ref, code, grade)}
            onRemove={() => remove(m.ref)}
          />
        ))}
        {preview.state === 'loading' && <Loading what="the conversion" />}
        {last && chosen.length > 0 && <RecordTotal preview={last} />}
      </section>
      {last && <PublishedRule preview={last} />}
    </PageLayout>
  );
}

const hasGradeIssues = (issues: ReadonlyMap<string, string>) =>
  [...issues.keys()].some((f) => /^body\.applications\.\d+\.grades\./.test(f));

function MappingPicker({
  recordId,
  chosen,
  onAdd,
}: {
  recordId: string;
  chosen: MappingRow[];
  onAdd: (row: MappingRow) => void;
}) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [q]);
  const { resource, reload } = useCall('searchExistingMappings', {
    path: { recordId },
    query: { q, filters: 'ready', page },
  });
  return (
    <section class="card" aria-labelledby="conversion-picker-heading" data-testid="conversion-picker">
      <h2 id="conversion-picker-heading">Approved Mappings Ready for Credit Transfer</h2>
      <div class="filter">
        <label class="visually-hidden" for="conversion-picker-filter">
          Search by course code or title
        </label>
        <input
          id="conversion-picker-filter"
          type="search"
          placeholder="Search by course code or title"
          autocomplete="off"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </div>
      {resource.state === 'loading' && <Loading what="approved mappings" />}
      {resource.state === 'failed' && (
        <ErrorPanel title="Approved mappings could not be searched" error={resource.error} onRetry={reload} />
      )}
      {resource.state === 'loaded' && (
        <>
          {resource.data.rows.length === 0 ? (
            <p class="muted">
              {q === ''
                ? `No mapping at ${resource.data.record.institutionName} is Ready for Credit Transfer in ${resource.data.record.transferTerm}.`
                : `No mapping Ready for Credit Transfer matches “${q}”.`}
            </p>
          ) : (
            <ul class="conversion-picker">
              {resource.data.rows.map((row) => {
                const added = chosen.some((m) => m.ref === row.ref);
                return (
                  <li class="conversion-picker__row" key={row.ref} data-ref={row.ref}>
                    <div class="conversion-picker__courses">
                      <span class="conversion-picker__ref">{row.ref}</span>
                      <IncomingCourses courses={row.incomingCourses} />
                      <span class="muted" aria-hidden="true">
                        to
                      </span>
                      <HomeCourses courses={row.homeCourses} />
                    </div>
                    <button
                      type="button"
                      class="button button--small"
                      disabled={added}
                      aria-label={added ? `${row.ref} added` : `Add ${row.ref} to the preview`}
                      onClick={() => onAdd(row)}
                    >
                      {added ? 'Added' : 'Add'}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          {resource.data.total > resource.data.pageSize && (
            <Pager
              page={resource.data.page}
              pageSize={resource.data.pageSize}
              total={resource.data.total}
              onPage={setPage}
            />
          )}
        </>
      )}
    </section>
  );
}

/** The scale's grades for the hint: all of a short scale; the ends of a long (percentage) one. */
function scaleHint(preview: ConversionPreviewView | undefined): string {
  if (!preview) return "As the host institution's transcript gives it, e.g. A-, 85 or HD.";
  const names = preview.gradeScale.grades.map((g) => g.grade);
  const list = names.length <= 16 ? names.join(', ') : `${names[0]} to ${names.at(-1)}`;
  return `On scale ${preview.gradeScale.id}: ${list}.`;
}

function ChosenMapping({
  index,
  mapping,
  grades,
  issues,
  preview,
  onGrade,
  onRemove,
}: {
  index: number;
  mapping: MappingRow;
  grades: Record<string, string>;
  issues: ReadonlyMap<string, string>;
  preview: ConversionPreviewView | undefined;
  onGrade: (code: string, grade: string) => void;
  onRemove: () => void;
}) {
  const result = preview?.applications.find((a) => a.ref === mapping.ref);
  const listId = `conversion-scale-${index}`;
  return (
    <article
      class="conversion-mapping"
      aria-labelledby={`conversion-mapping-${index}`}
      data-ref={mapping.ref}
    >
      <div class="section-head">
        <h3 id={`conversion-mapping-${index}`}>
          {mapping.ref}: <HomeCourses courses={mapping.homeCourses} />
        </h3>
        <button
          type="button"
          class="button button--small"
          aria-label={`Remove ${mapping.ref}`}
          onClick={onRemove}
        >
          Remove
        </button>
      </div>
      {preview && (
        <datalist id={listId}>
          {preview.gradeScale.grades.map((g) => (
            <option key={g.grade} value={g.grade} />
          ))}
        </datalist>
      )}
      <div class="conversion-grades">
        {mapping.incomingCourses.map((course, j) => {
          const id = `conversion-grade-${index}-${j}`;
          const problem = issueAt(issues, `body.applications.${index}.grades.${j}`);
          return (
            <div class="field grade-field" key={course.code}>
              <label for={id}>{incomingCourseText(course)}: Final Grade</label>
              <input
                id={id}
                type="text"
                maxLength={12}
                autocomplete="off"
                list={preview ? listId : undefined}
                value={grades[course.code] ?? ''}
                aria-invalid={problem ? true : undefined}
                aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ''}`}
                onInput={(e) => onGrade(course.code, e.currentTarget.value)}
              />
              <p class="field-hint" id={`${id}-hint`}>
                {scaleHint(preview)}
              </p>
              <FieldError id={`${id}-error`} message={problem} />
            </div>
          );
        })}
      </div>
      {issueAt(issues, `body.applications.${index}.ref`) && (
        <p class="field-error" role="alert">
          {issueAt(issues, `body.applications.${index}.ref`)}
        </p>
      )}
      {result && <ConversionSteps result={result} />}
    </article>
  );
}

function RecordTotal({ preview }: { preview: ConversionPreviewView }) {
  return (
    <div class="conversion-total" data-testid="conversion-total">
      <h3>Transferred for the Study Record</h3>
      <p class="conversion-total__figure">
        <strong>{preview.totalCredits} HKUST credits</strong>
        {preview.awaitingGradeCredits > 0 && (
          <span class="muted"> · {preview.awaitingGradeCredits} more awaiting grades, if they pass</span>
        )}
      </p>
      <ConversionStepList steps={preview.steps} label="The study record's total" />
    </div>
  );
}

function PublishedRule({ preview }: { preview: ConversionPreviewView }) {
  const { creditSystem, gradeScale } = preview;
  return (
    <section class="card" aria-labelledby="conversion-rule-heading" data-testid="conversion-rule">
      <h2 id="conversion-rule-heading">The Published Rule ({preview.publishedRule.version})</h2>
      <dl class="facts">
        <div>
          <dt>Institution</dt>
          <dd>{preview.institutionName}</dd>
        </div>
        <div>
          <dt>Credit System</dt>
          <dd>
            {creditSystem.name}: {creditSystem.creditsPerSemester} {creditSystem.unit} a full-time semester
          </dd>
        </div>
        <div>
          <dt>Grade Scale</dt>
          <dd>
            {gradeScale.id}, version {gradeScale.version}
          </dd>
        </div>
      </dl>
      <ol class="conversion-rule">
        {preview.publishedRule.statements.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
    </section>
  );
}
