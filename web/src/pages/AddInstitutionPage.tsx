import { useState } from 'preact/hooks';
import { contracts } from '../../../functions/contracts.js';
import { type ApiError, asApiError, errorBody } from '../api';
import { Breadcrumbs } from '../components/Breadcrumbs';
import {
  FieldError,
  type FieldIssues,
  issueAt,
  issuesByField,
  noIssues,
  schemaIssues,
} from '../components/FieldIssues';
import { PageLayout } from '../components/PageLayout';
import { useApp } from '../context';
import type { InstitutionView } from '../contracts';
import { dashboardHref, recordHref } from '../links';
import { navigate } from '../router';
import { useCall } from '../use-api';
import { useDebounced } from '../use-debounced';

// Guide §3.1.2, "+ Add Another Institution": an On Entry study record of a tertiary qualification
// not disclosed to URAO. The institution is chosen from the list (searched by name and country) or,
// when it is not listed, proposed by name and country for the Academic Registry to confirm; then the
// qualification, the study period and the transfer term. Submit opens the new Study Record.

const seasons = ['Fall', 'Winter', 'Spring', 'Summer'] as const;

/** HKUST terms from three academic years back to the next one, as the guide writes them. */
function transferTerms(today = new Date()): string[] {
  const year = today.getUTCFullYear() - (today.getUTCMonth() < 8 ? 1 : 0);
  const terms: string[] = [];
  for (let y = year - 3; y <= year + 1; y++)
    for (const season of seasons) terms.push(`${y}-${String((y + 1) % 100).padStart(2, '0')} ${season}`);
  return terms;
}

export function AddInstitutionPage() {
  return (
    <PageLayout title="Add Another Institution">
      <Breadcrumbs
        trail={[{ label: 'My Dashboard', href: dashboardHref() }, { label: 'Add Another Institution' }]}
      />
      <AddInstitutionForm />
    </PageLayout>
  );
}

function AddInstitutionForm() {
  const { api } = useApp();
  const [q, setQ] = useState('');
  const [country, setCountry] = useState('');
  const [chosen, setChosen] = useState<InstitutionView>();
  const [notListed, setNotListed] = useState(false);
  const [proposedName, setProposedName] = useState('');
  const [proposedCountry, setProposedCountry] = useState('');
  const [qualification, setQualification] = useState('');
  const [studyPeriod, setStudyPeriod] = useState('');
  const [transferTerm, setTransferTerm] = useState('');
  const [issues, setIssues] = useState<FieldIssues>(noIssues);
  const [failure, setFailure] = useState<ApiError>();
  const [existingRecordId, setExistingRecordId] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [terms] = useState(transferTerms);

  function bodyOf() {
    return {
      ...(notListed
        ? { proposed: { name: proposedName.trim(), country: proposedCountry.trim() } }
        : chosen
          ? { institutionId: chosen.institutionId }
          : {}),
      qualification: qualification.trim(),
      studyPeriod: studyPeriod.trim(),
      transferTerm,
    };
  }

  async function submit(e: Event) {
    e.preventDefault();
    setFailure(undefined);
    setExistingRecordId(undefined);
    const body = bodyOf();
    const found = schemaIssues(contracts.addInstitution.request.shape.body, body);
    setIssues(found);
    if (found.size > 0) {
      document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    try {
      const added = await api.call('addInstitution', { body });
      navigate(recordHref(added.record.recordId));
    } catch (error) {
      const err = asApiError(error);
      setFailure(err);
      setIssues(issuesByField(err.issues));
      setExistingRecordId(errorBody(err, 'addInstitution', 409)?.recordId);
      setBusy(false);
    }
  }

  const clear = (field: string) =>
    setIssues((all) => new Map([...all].filter(([f]) => !(f === field || f.startsWith(`${field}.`)))));
  const placed = [
    'body.institutionId',
    'body.proposed',
    'body.qualification',
    'body.studyPeriod',
    'body.transferTerm',
  ];
  const unplaced = failure?.issues.filter((i) => !placed.some((p) => i.field.startsWith(p))) ?? [];

  return (
    <section class="card" aria-labelledby="add-institution-heading">
      <h2 id="add-institution-heading">+ Add Another Institution</h2>
      <p>
        If you have obtained other tertiary qualifications prior to admission to the University but have not
        disclosed them to the URAO, create an “On Entry” study record here. You can then create course
        mappings and submit credit transfer applications for it.
      </p>
      {failure && (
        <div class="alert alert--error" role="alert">
          <p class="alert__title">Your institution was not added</p>
          {failure.issues.length === 0 && <p>{failure.message}</p>}
          {unplaced.length > 0 && (
            <ul>
              {unplaced.map((i) => (
                <li key={`${i.field}:${i.reason}`}>{i.reason}</li>
              ))}
            </ul>
          )}
          {existingRecordId && (
            <p>
              <a href={recordHref(existingRecordId)}>Open that study record</a>
            </p>
          )}
        </div>
      )}
      <form onSubmit={submit} noValidate class="add-institution">
        <fieldset class="add-institution__choice">
          <legend>
            <span class="required" aria-hidden="true">
              *{' '}
            </span>
            Institution
          </legend>
          {!notListed && (
            <InstitutionSearch
              q={q}
              country={country}
              chosen={chosen}
              error={issueAt(issues, 'body.institutionId')}
              onQuery={(text) => setQ(text)}
              onCountry={(text) => setCountry(text)}
              onChoose={(i) => {
                clear('body.institutionId');
                setChosen(i);
              }}
            />
          )}
          <label class="checkbox">
            <input
              type="checkbox"
              checked={notListed}
              onChange={(e) => {
                clear('body.institutionId');
                setNotListed(e.currentTarget.checked);
              }}
            />{' '}
            My institution is not listed
          </label>
          {notListed && (
            <>
              <p class="field-hint">
                Give its name and country. It will be added for the Academic Registry to confirm; you can use
                it for your study record and mapping requests at once.
              </p>
              <div class="field">
                <label for="proposed-name">
                  <span class="required" aria-hidden="true">
                    *{' '}
                  </span>
                  Institution name
                </label>
                <TextInput
                  id="proposed-name"
                  value={proposedName}
                  maxLength={200}
                  error={issueAt(issues, 'body.proposed.name') ?? issueAt(issues, 'body.institutionId')}
                  onInput={(v) => {
                    clear('body.proposed.name');
                    setProposedName(v);
                  }}
                />
              </div>
              <div class="field">
                <label for="proposed-country">
                  <span class="required" aria-hidden="true">
                    *{' '}
                  </span>
                  Country / Region
                </label>
                <TextInput
                  id="proposed-country"
                  value={proposedCountry}
                  maxLength={80}
                  error={issueAt(issues, 'body.proposed.country')}
                  onInput={(v) => {
                    clear('body.proposed.country');
                    setProposedCountry(v);
                  }}
                />
              </div>
            </>
          )}
        </fieldset>
        <div class="field">
          <label for="qualification">
            <span class="required" aria-hidden="true">
              *{' '}
            </span>
            Qualification
          </label>
          <p class="field-hint" id="qualification-hint">
            e.g. Associate Degree, Higher Diploma, IB Diploma
          </p>
          <TextInput
            id="qualification"
            value={qualification}
            maxLength={120}
            hint="qualification-hint"
            error={issueAt(issues, 'body.qualification')}
            onInput={(v) => {
              clear('body.qualification');
              setQualification(v);
            }}
          />
        </div>
        <div class="field">
          <label for="study-period">
            <span class="required" aria-hidden="true">
              *{' '}
            </span>
            Study Period
          </label>
          <p class="field-hint" id="study-period-hint">
            e.g. 2021-2023
          </p>
          <TextInput
            id="study-period"
            value={studyPeriod}
            maxLength={60}
            hint="study-period-hint"
            error={issueAt(issues, 'body.studyPeriod')}
            onInput={(v) => {
              clear('body.studyPeriod');
              setStudyPeriod(v);
            }}
          />
        </div>
        <div class="field">
          <label for="transfer-term">
            <span class="required" aria-hidden="true">
              *{' '}
            </span>
            Transfer Term
          </label>
          <select
            id="transfer-term"
            value={transferTerm}
            required
            aria-invalid={issueAt(issues, 'body.transferTerm') ? true : undefined}
            aria-describedby={issueAt(issues, 'body.transferTerm') ? 'transfer-term-error' : undefined}
            onChange={(e) => {
              clear('body.transferTerm');
              setTransferTerm(e.currentTarget.value);
            }}
          >
            <option value="">Choose a term</option>
            {terms.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <FieldError id="transfer-term-error" message={issueAt(issues, 'body.transferTerm')} />
        </div>
        <div class="form-actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? 'Submitting…' : 'Submit'}
          </button>
          <a class="button" href={dashboardHref()}>
            Cancel
          </a>
        </div>
      </form>
    </section>
  );
}

function TextInput({
  id,
  value,
  maxLength,
  hint,
  error,
  onInput,
}: {
  id: string;
  value: string;
  maxLength: number;
  hint?: string;
  error: string | undefined;
  onInput: (value: string) => void;
}) {
  const describedBy = [hint, error ? `${id}-error` : undefined].filter(Boolean).join(' ');
  return (
    <>
      <input
        id={id}
        type="text"
        value={value}
        maxLength={maxLength}
        required
        autocomplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <FieldError id={`${id}-error`} message={error} />
    </>
  );
}

/** Type ahead over the institution list: name words and country, asked once typing pauses. */
function InstitutionSearch({
  q,
  country,
  chosen,
  error,
  onQuery,
  onCountry,
  onChoose,
}: {
  q: string;
  country: string;
  chosen: InstitutionView | undefined;
  error: string | undefined;
  onQuery: (text: string) => void;
  onCountry: (text: string) => void;
  onChoose: (institution: InstitutionView) => void;
}) {
  const asked = useDebounced(JSON.stringify({ q: q.trim(), country: country.trim() }), 250);
  const { resource } = useCall('searchInstitutions', {
    query: JSON.parse(asked) as { q: string; country: string },
  });
  const results = resource.state === 'loaded' ? resource.data.institutions : [];
  return (
    <div class="institution-search">
      <div class="institution-search__fields">
        <div class="field">
          <label for="institution-query">Search by name</label>
          <input
            id="institution-query"
            type="search"
            placeholder="e.g. Hong Kong Polytechnic"
            autocomplete="off"
            value={q}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'institution-error' : undefined}
            onInput={(e) => onQuery(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="institution-country">Country / Region</label>
          <input
            id="institution-country"
            type="search"
            placeholder="e.g. Hong Kong"
            autocomplete="off"
            value={country}
            onInput={(e) => onCountry(e.currentTarget.value)}
          />
        </div>
      </div>
      <FieldError id="institution-error" message={error} />
      {chosen && (
        <p class="institution-search__chosen" data-testid="chosen-institution">
          Selected: <strong>{chosen.name}</strong> ({chosen.country})
        </p>
      )}
      <p class="visually-hidden" aria-live="polite">
        {resource.state === 'loaded'
          ? `${results.length} institution${results.length === 1 ? '' : 's'} found`
          : ''}
      </p>
      {resource.state === 'failed' && <p class="field-error">{resource.error.message}</p>}
      {resource.state === 'loaded' && results.length === 0 && (
        <p class="muted">No listed institution matches. If yours is not listed, tick the box below.</p>
      )}
      {results.length > 0 && (
        <ul class="institution-results" aria-label="Institutions found" data-testid="institution-results">
          {results.map((i) => (
            <li key={i.institutionId}>
              <label class="radio">
                <input
                  type="radio"
                  name="institution"
                  value={i.institutionId}
                  checked={chosen?.institutionId === i.institutionId}
                  onChange={() => onChoose(i)}
                />{' '}
                <span>
                  {i.name} <span class="muted">({i.country})</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
