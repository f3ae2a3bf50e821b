import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPdfStructure } from '../../functions/transcripts/verification/pdf-structure.js';
import type {
  CheckOutcome,
  TrustList,
  VerificationReport,
} from '../../functions/transcripts/verification/report.js';
import { verifyPdfTranscript } from '../../functions/transcripts/verification/signed-pdf.js';
import { handWrittenPdf } from '../support/pdf-corpus.js';
import { corpusDates, testPki } from '../support/transcript-corpus/pki.js';
import { buildSignedPdfCorpus, type CorpusCase } from '../support/transcript-corpus/signed-pdf.js';

// Given a transcript a student uploaded and the institution's trust list, when the hook verifies it
// offline, then it recommends Verified only when every check is proven, Rejected when a check proves
// tampering or a broken signature, and Pending Review for everything it cannot decide offline.

const corpus = await buildSignedPdfCorpus();
const pki = await testPki();
const byName = (name: string): CorpusCase => {
  const found = corpus.cases.find((c) => c.name === name);
  if (!found) throw new Error(`no corpus case ${name}`);
  return found;
};
const valid = byName('valid-timestamp-crl');

/** The outcome of a named check over all signatures: invalid beats undetermined beats valid. */
function outcomeOf(report: VerificationReport, name: string): CheckOutcome | 'absent' {
  const outcomes = report.checks.filter((c) => c.check === name).map((c) => c.outcome);
  if (outcomes.length === 0) return 'absent';
  if (outcomes.includes('invalid')) return 'invalid';
  if (outcomes.includes('undetermined')) return 'undetermined';
  return 'valid';
}

const verify = (bytes: Uint8Array, trust: TrustList = corpus.trust, now: Date = corpus.now) =>
  verifyPdfTranscript(bytes, trust, now);

describe('verifying signed PDF transcripts (the corpus)', () => {
  it('covers every variant the checklist names', () => {
    expect(corpus.cases.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'valid-timestamp-crl',
        'valid-no-revocation-data',
        'valid-signing-time-only',
        'tampered-signed-byte',
        'incremental-update-after-signing',
        'dss-update-after-signing',
        'gap-holds-extra-data',
        'byte-range-not-from-zero',
        'byte-range-short-of-eof',
        'untrusted-self-signed',
        'signer-expired-at-signing',
        'signer-without-signing-key-usage',
        'signer-revoked',
        'unsigned',
        'encrypted',
        'truncated',
        'random-bytes',
      ]),
    );
  });

  it.each(corpus.cases.map((c) => [c.name, c] as const))('%s', async (_, testCase) => {
    const report = await verify(testCase.bytes);
    const outcomes = Object.fromEntries(
      Object.keys(testCase.expected.checks).map((name) => [name, outcomeOf(report, name)]),
    );
    expect({ recommendation: report.recommendation, format: report.format, checks: outcomes }).toEqual({
      recommendation: testCase.expected.recommendation,
      format: testCase.expected.format,
      checks: testCase.expected.checks,
    });
    // Every check says something ARO can read, and the report is about these exact bytes.
    for (const c of report.checks) expect(c.detail.length).toBeGreaterThan(10);
    expect(report.sha256).toBe(createHash('sha256').update(testCase.bytes).digest('hex'));
    expect(report.checkedAt).toBe(corpus.now.toISOString());
    expect(report.summary).toMatch(/^[A-Z].*\.$/);
    if (testCase.expected.signedAtSource)
      expect(report.signatures?.[0]?.signedAtSource).toBe(testCase.expected.signedAtSource);
  });
});

describe('what a Verified report says', () => {
  it('names the signer, the issuer, the proven signing time, the trust anchor and what the signature covers', async () => {
    const report = await verify(valid.bytes);
    expect(report.signatures).toEqual([
      {
        signer: 'Registrar, Test University',
        issuer: 'Test University Issuing CA, Test University',
        signedAt: corpusDates.signedAt.toISOString(),
        signedAtSource: 'timestamp',
        trustAnchorId: 'test-university-root-2024',
        coversBytes: valid.bytes.length,
      },
    ]);
    expect(report.summary).toBe(
      'The PDF is signed by Registrar, Test University on 2026-06-15 and every check passed.',
    );
  });

  it('says when the signing time is only the signer’s own claim', async () => {
    const report = await verify(byName('valid-signing-time-only').bytes);
    expect(report.recommendation).toBe('Verified');
    expect(report.checks.find((c) => c.check === 'signing-time')?.detail).toContain('self-asserted');
  });

  it('tells ARO that revocation was not checked when the file carries no revocation data', async () => {
    const report = await verify(byName('valid-no-revocation-data').bytes);
    expect(report.checks.find((c) => c.check === 'revocation')).toEqual({
      check: 'revocation',
      outcome: 'undetermined',
      detail: 'Not checked: no revocation data in the file, and CTS checks offline.',
    });
  });

  it('names the untrusted signer and whose trust list it is not on', async () => {
    const report = await verify(byName('untrusted-self-signed').bytes);
    expect(report.checks.find((c) => c.check === 'trust-chain')?.detail).toMatch(
      /^Signed by Registrar, Test University, not on test-university’s trust list/,
    );
  });

  it('counts what an update after signing added and changed', async () => {
    const report = await verify(byName('incremental-update-after-signing').bytes);
    const detail = report.checks.find((c) => c.check === 'changes-after-signing')?.detail ?? '';
    expect(detail).toMatch(
      /^\d+ bytes in 1 revision were added after the last signature, changing 2 objects/,
    );
    expect(detail).toContain('a page');
  });
});

describe('the trust list decides, at the signing time', () => {
  it('accepts a chain that ends at a pinned intermediate', async () => {
    const trust: TrustList = {
      ...corpus.trust,
      certificates: [
        {
          anchorId: 'issuing-ca',
          label: 'Test University Issuing CA',
          certificateDer: Buffer.from(pki.intermediate.der).toString('base64'),
          validFrom: '2024-01-01T00:00:00Z',
          validTo: '2032-01-01T00:00:00Z',
        },
      ],
    };
    const report = await verify(valid.bytes, trust);
    expect(report.recommendation).toBe('Verified');
    expect(report.signatures?.[0]?.trustAnchorId).toBe('issuing-ca');
  });

  it('does not trust an anchor outside the window the institution trusts it for', async () => {
    const [anchor] = corpus.trust.certificates;
    if (!anchor) throw new Error('the corpus trust list is empty');
    const trust: TrustList = {
      ...corpus.trust,
      certificates: [{ ...anchor, validFrom: '2026-07-01T00:00:00Z' }],
    };
    const report = await verify(valid.bytes, trust);
    expect(report.recommendation).toBe('Pending Review');
    expect(outcomeOf(report, 'trust-chain')).toBe('undetermined');
  });

  it('trusts nothing with an empty or unreadable trust list, and never the TLS roots', async () => {
    for (const certificates of [
      [],
      [
        {
          anchorId: 'junk',
          label: 'junk',
          certificateDer: 'bm90IGEgY2VydA==',
          validFrom: '2000-01-01',
          validTo: '2100-01-01',
        },
      ],
    ]) {
      const report = await verify(valid.bytes, { ...corpus.trust, certificates });
      expect(report.recommendation).toBe('Pending Review');
      expect(outcomeOf(report, 'trust-chain')).toBe('undetermined');
      expect(outcomeOf(report, 'cms-signature')).toBe('valid');
    }
  });

  it('rejects a signing time later than the moment of verification', async () => {
    const report = await verify(valid.bytes, corpus.trust, new Date('2026-01-01T00:00:00Z'));
    expect(report.recommendation).toBe('Rejected');
    expect(outcomeOf(report, 'signing-time')).toBe('invalid');
  });

  it('checks the certificates at the signing time, not now: an expired CRL window at verification does not matter', async () => {
    const muchLater = new Date('2029-06-01T00:00:00Z');
    const report = await verify(valid.bytes, corpus.trust, muchLater);
    expect(report.recommendation).toBe('Verified');
  });
});

describe('the signature gap and the ByteRange', () => {
  it('rejects a /Contents written as a literal string instead of a hex string', async () => {
    const [, a, b] = valid.byteRange ?? [0, 0, 0, 0];
    const bytes = Buffer.from(valid.bytes);
    bytes[a] = '('.charCodeAt(0);
    bytes[b - 1] = ')'.charCodeAt(0);
    const report = await verify(bytes);
    expect(report.recommendation).toBe('Rejected');
    expect(outcomeOf(report, 'signature-gap')).toBe('invalid');
  });

  it('rejects a signature dictionary that names a key twice', async () => {
    const bytes = Buffer.from(valid.bytes);
    const at = bytes.indexOf('/Name (Registrar)', 0, 'latin1');
    bytes.write('/M    (Registrar)', at, 'latin1');
    const report = await verify(bytes);
    expect(report.recommendation).toBe('Rejected');
    expect(report.checks.find((c) => c.check === 'byte-range')).toMatchObject({
      outcome: 'invalid',
      detail: expect.stringContaining('/M more than once'),
    });
  });

  it('reports the /Contents offsets exactly as lexed, which are the ByteRange gap of a good signature', () => {
    const read = readPdfStructure(valid.bytes);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const [signature] = read.structure.signatures;
    const [, a, b, c] = valid.byteRange ?? [0, 0, 0, 0];
    expect(signature?.contents?.span).toEqual({ start: a, end: b });
    expect(signature?.byteRange).toEqual(valid.byteRange);
    expect(signature?.revision?.end).toBe(b + c);
    expect(read.structure.revisions.map((r) => r.end)).toEqual([expect.any(Number), valid.bytes.length]);
  });

  it('reads cross-reference streams and object streams like classic tables', () => {
    const read = readPdfStructure(byName('valid-xref-streams').bytes);
    expect(read.ok && read.structure.revisions.map((r) => r.xrefKinds)).toEqual([['stream'], ['stream']]);
  });
});

describe('never Verified after tampering, never a throw (properties)', () => {
  it('changing any one byte inside the signed ranges never gives Verified', async () => {
    const [, a, b, c] = valid.byteRange ?? [0, 0, 0, 0];
    const signedLength = a + c;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: signedLength - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (index, xor) => {
          const bytes = Buffer.from(valid.bytes);
          const at = index < a ? index : b + (index - a);
          bytes[at] = (bytes[at] ?? 0) ^ xor;
          const report = await verify(bytes);
          expect(report.recommendation).not.toBe('Verified');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('any cut, splice or noise gives a report, not an exception, and never Verified unless the bytes are the signed ones', async () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat({ max: valid.bytes.length - 1 }) }),
      fc.record({
        kind: fc.constant('splice' as const),
        at: fc.nat({ max: valid.bytes.length }),
        insert: fc.uint8Array({ minLength: 1, maxLength: 64 }),
      }),
      fc.record({ kind: fc.constant('noise' as const), bytes: fc.uint8Array({ maxLength: 2048 }) }),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const bytes =
          m.kind === 'cut'
            ? valid.bytes.subarray(0, m.at)
            : m.kind === 'splice'
              ? Buffer.concat([valid.bytes.subarray(0, m.at), m.insert, valid.bytes.subarray(m.at)])
              : m.bytes;
        const report = await verify(bytes);
        expect(['Verified', 'Pending Review', 'Rejected']).toContain(report.recommendation);
        // Whitespace after the final %%EOF is the one change that leaves the signed document whole.
        const onlyTrailingWhitespace =
          m.kind === 'splice' &&
          m.at === valid.bytes.length &&
          m.insert.every((b) => [0, 9, 10, 12, 13, 32].includes(b));
        if (!onlyTrailingWhitespace) expect(report.recommendation).not.toBe('Verified');
      }),
      { numRuns: 80 },
    );
  });

  it('stays Verified when only whitespace follows the final %%EOF', async () => {
    const report = await verify(Buffer.concat([valid.bytes, Buffer.from('\r\n  \n')]));
    expect(report.recommendation).toBe('Verified');
  });

  it('gives a report for an invalid clock too', async () => {
    const report = await verify(valid.bytes, corpus.trust, new Date(Number.NaN));
    expect(report.checkedAt).toMatch(/^\d{4}-/);
    expect(['Verified', 'Pending Review', 'Rejected']).toContain(report.recommendation);
  });
});

describe('the structure reader on hostile files (bounded, typed failures)', () => {
  const catalogWithForm = (form: string) => `<< /Type /Catalog /Pages 2 0 R /AcroForm ${form} >>`;
  const pages = '<< /Type /Pages /Kids [] /Count 0 >>';

  it('stops at a cycle in the field tree', () => {
    const pdf = handWrittenPdf([
      catalogWithForm('<< /Fields [3 0 R] >>'),
      pages,
      '<< /FT /Sig /T (a) /Kids [4 0 R] >>',
      '<< /T (b) /Parent 3 0 R /Kids [3 0 R 4 0 R] >>',
    ]);
    const read = readPdfStructure(pdf);
    expect(read).toMatchObject({ ok: true, structure: { signatures: [] } });
  });

  it('refuses a stream whose /Length runs past the end of the file', () => {
    const pdf = handWrittenPdf([
      catalogWithForm('3 0 R'),
      pages,
      '<< /Fields [] /Length 999999999999 >>\nstream\nabc\nendstream',
    ]);
    expect(readPdfStructure(pdf)).toEqual({ ok: false, reason: expect.stringContaining('/Length') });
  });

  it('refuses nesting deeper than the limit without exhausting the stack', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const pdf = handWrittenPdf([`<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields ${deep} >> >>`, pages]);
    expect(readPdfStructure(pdf)).toEqual({
      ok: false,
      reason: expect.stringContaining('nested too deeply'),
    });
  });

  it('refuses a cross-reference that points where no object starts', () => {
    const pdf = Buffer.from(handWrittenPdf([catalogWithForm('<< /Fields [] >>'), pages]));
    const table = pdf.indexOf('0000000000 65535 f');
    pdf.write('0000000001', table + 20, 'latin1');
    expect(readPdfStructure(pdf)).toEqual({ ok: false, reason: expect.stringContaining('no object starts') });
  });

  it('refuses a compressed cross-reference stream that expands without end, quickly', () => {
    const bomb = deflateSync(Buffer.alloc(200 * 1024 * 1024));
    const head = '%PDF-1.7\n';
    const dict = `<< /Type /XRef /Size 8388607 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length ${bomb.length} >>`;
    const pdf = Buffer.concat([
      Buffer.from(`${head}1 0 obj\n${dict}\nstream\n`, 'latin1'),
      bomb,
      Buffer.from(`\nendstream\nendobj\nstartxref\n${head.length}\n%%EOF\n`, 'latin1'),
    ]);
    const started = performance.now();
    expect(readPdfStructure(pdf)).toEqual({ ok: false, reason: expect.stringContaining('expands to more') });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses a form that says /NeedAppearances twice (a viewer may read the second)', () => {
    const pdf = handWrittenPdf([
      catalogWithForm('<< /Fields [] /NeedAppearances false /NeedAppearances true >>'),
      pages,
    ]);
    expect(readPdfStructure(pdf)).toEqual({
      ok: false,
      reason: expect.stringContaining('/NeedAppearances more than once'),
    });
  });

  it('refuses data appended after the last %%EOF, and a /Prev past the end', () => {
    const good = handWrittenPdf([catalogWithForm('<< /Fields [] >>'), pages]);
    expect(readPdfStructure(Buffer.concat([good, Buffer.from('<script>x</script>')]))).toMatchObject({
      ok: false,
    });
    const lying = handWrittenPdf([catalogWithForm('<< /Fields [] >>'), pages], '/Prev 99999999 ');
    expect(readPdfStructure(lying)).toEqual({ ok: false, reason: expect.stringContaining('past the end') });
  });
});
