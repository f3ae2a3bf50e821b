import { useState } from 'preact/hooks';
import { type ApiError, asApiError, type Output } from '../api';
import { DropZone } from '../components/DropZone';
import { ErrorPanel } from '../components/Feedback';
import { FieldError, issueAt, issuesByField } from '../components/FieldIssues';
import { PageLayout } from '../components/PageLayout';
import { TableScroll } from '../components/TableScroll';
import { useApp } from '../context';

// Verify a signed credit transfer decision (issue 10 item 6), for anyone: a receiving university,
// an employer, the student. The signed decision (the .jws file a student downloads from an Approved
// application) is pasted or dropped here and checked by the verify endpoint against CTS's published
// key; the page shows what the decision states, or why it is not a genuine one. The same check can
// be made offline against the key set, which the page links to.

type Verification = Output<'verifySignedDecision'>;
type Decision = Extract<Verification, { valid: true }>['decision'];

const maxFileBytes = 64 * 1024;
// Key ids, the key set's URL and reasons are long unbroken strings: they wrap on a phone.
const breakAnywhere = { overflowWrap: 'anywhere' } as const;

export function VerifyDecisionPage() {
  const { api, config } = useApp();
  const [jws, setJws] = useState('');
  const [result, setResult] = useState<Verification | undefined>(undefined);
  const [failure, setFailure] = useState<ApiError | undefined>(undefined);
  const [fileProblem, setFileProblem] = useState<string | undefined>(undefined);
  const [checking, setChecking] = useState(false);

  const verify = async (text: string) => {
    setResult(undefined);
    setFailure(undefined);
    setChecking(true);
    try {
      setResult(await api.call('verifySignedDecision', { body: { jws: text } }));
    } catch (error) {
      setFailure(asApiError(error));
    } finally {
      setChecking(false);
    }
  };

  const readFile = async (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (!file) return;
    setFileProblem(undefined);
    if (file.size > maxFileBytes) {
      setFileProblem(`${file.name} is too large to be a signed decision (at most 64 KB)`);
      return;
    }
    const text = (await file.text()).trim();
    setJws(text);
    await verify(text);
  };

  const issues = failure && failure.status === 400 ? issuesByField(failure.issues) : undefined;
  const jwsIssue = issues
    ? (issueAt(issues, 'body.jws') ?? issueAt(issues, 'body') ?? failure?.message)
    : undefined;

  return (
    <PageLayout title="Verify a Signed Decision">
      <section class="card" aria-labelledby="verify-heading">
        <h2 id="verify-heading">Verify a signed credit transfer decision</h2>
        <p>
          A student whose credit transfer application is Approved can download it as a signed decision (a .jws
          file). Paste its text or drop the file here to see what HKUST approved, or why the document is not
          genuine.
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void verify(jws.trim());
          }}
        >
          <div class="field">
            <label for="signed-decision">Signed decision</label>
            <textarea
              id="signed-decision"
              name="jws"
              rows={6}
              spellcheck={false}
              value={jws}
              aria-describedby={`signed-decision-hint${jwsIssue ? ' signed-decision-error' : ''}`}
              aria-invalid={jwsIssue ? true : undefined}
              onInput={(e) => setJws(e.currentTarget.value)}
            />
            <p class="field-hint" id="signed-decision-hint">
              Three parts separated by dots, starting with "eyJ".
            </p>
            <FieldError id="signed-decision-error" message={jwsIssue} />
          </div>
          <DropZone
            input={{
              id: 'signed-decision-file',
              accept: '.jws,.txt,application/jose',
              'aria-describedby': fileProblem ? 'signed-decision-file-error' : undefined,
            }}
            invalid={fileProblem !== undefined}
            onFiles={(files) => void readFile(files)}
          >
            <span class="dropzone__prompt">Or click or drag the .jws file here</span>
          </DropZone>
          <FieldError id="signed-decision-file-error" message={fileProblem} />
          <div class="form-actions">
            <button type="submit" class="button button--primary" disabled={checking}>
              {checking ? 'Verifying…' : 'Verify'}
            </button>
          </div>
        </form>
      </section>

      <div aria-live="polite">
        {failure && failure.status !== 400 && (
          <ErrorPanel
            title="The decision could not be verified"
            error={failure}
            onRetry={() => void verify(jws)}
          />
        )}
        {result?.valid === false && (
          <div
            class="alert alert--error"
            role="alert"
            data-testid="verification-result"
            style={breakAnywhere}
          >
            <p class="alert__title">Not a genuine CTS decision</p>
            <p>{result.reason}</p>
          </div>
        )}
        {result?.valid === true && <VerifiedDecision result={result} />}
      </div>

      <section class="card" aria-labelledby="offline-heading" style={breakAnywhere}>
        <h2 id="offline-heading">Verify offline</h2>
        <p>
          Decisions are signed with ES256. Any JOSE library verifies them against CTS's public key set,{' '}
          <a href={`${config.apiUrl}/decisions/jwks.json`}>{`${config.apiUrl}/decisions/jwks.json`}</a>, with
          no call to CTS: the key named by the document's <code>kid</code> must verify its signature.
        </p>
      </section>
    </PageLayout>
  );
}

function VerifiedDecision({ result }: { result: Extract<Verification, { valid: true }> }) {
  const d: Decision = result.decision;
  return (
    <section
      class="card"
      aria-labelledby="verified-heading"
      data-testid="verification-result"
      style={breakAnywhere}
    >
      <div class="alert alert--success">
        <p class="alert__title" id="verified-heading">
          Genuine: approved by HKUST, {d.credits} HKUST credits transferred
        </p>
        <p>
          Signed by the Credit Transfer System ({result.issuer}) on {result.issuedAt.slice(0, 10)}, key{' '}
          <code>{result.kid}</code>.
        </p>
      </div>
      <dl class="facts">
        <div>
          <dt>Student</dt>
          <dd>
            {d.student.name} ({d.student.studentId}){d.student.program ? `, ${d.student.program}` : ''}
          </dd>
        </div>
        <div>
          <dt>Institution</dt>
          <dd>{d.institution.name}</dd>
        </div>
        <div>
          <dt>Transfer term</dt>
          <dd>{d.transferTerm}</dd>
        </div>
        <div>
          <dt>D.B. Ref. No.</dt>
          <dd>{d.ref}</dd>
        </div>
        <div>
          <dt>Approved</dt>
          <dd>
            {d.approvedAt.slice(0, 10)} by {d.approvedBy}
          </dd>
        </div>
        <div>
          <dt>Conversion</dt>
          <dd>
            Rule {d.conversion.ruleVersion}, grade scale {d.conversion.gradeScale.id} version{' '}
            {d.conversion.gradeScale.version}
          </dd>
        </div>
      </dl>
      <h3>Courses taken</h3>
      <TableScroll label="Courses taken">
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">Course</th>
              <th scope="col">Credits</th>
              <th scope="col">Final grade</th>
            </tr>
          </thead>
          <tbody>
            {d.incomingCourses.map((c) => (
              <tr key={c.code}>
                <td>
                  {c.code} {c.title}
                </td>
                <td>
                  {c.credits} {c.creditUnit}
                </td>
                <td>{c.finalGrade}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h3>HKUST credits transferred</h3>
      <TableScroll label="HKUST credits transferred">
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">HKUST course</th>
              <th scope="col">Credits</th>
              <th scope="col">Grade</th>
            </tr>
          </thead>
          <tbody>
            {d.transferred.map((t) => (
              <tr key={t.code}>
                <td>
                  {t.code} {t.title}
                </td>
                <td>{t.credits}</td>
                <td>{t.grade}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
