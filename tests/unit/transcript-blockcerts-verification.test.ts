import fc from 'fast-check';
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeMerkleProof2019,
  isBlockcertsCredential,
  verifyBlockcertsTranscript,
} from '../../functions/transcripts/verification/blockcerts.js';
import type { VerificationReport } from '../../functions/transcripts/verification/report.js';
import {
  type BlockcertsCase,
  buildBlockcertsCorpus,
  canonicalNQuads,
  encodeMerkleProof2019,
  withGrade,
} from '../support/transcript-corpus/blockcerts.js';

// The offline Blockcerts verifier over the corpus built at test time: every variant asserts its
// exact recommendation and the check that decides it.

const corpus = await buildBlockcertsCorpus();
const { trust, now } = corpus;
const SHA = 'ab'.repeat(32);
const CHECK_NAMES = ['credential-format', 'merkle-proof', 'issuer-key', 'anchor', 'revocation', 'expiry'];

const byName = (name: string): BlockcertsCase => {
  const found = corpus.cases.find((c) => c.name === name);
  if (!found) throw new Error(`no corpus case ${name}`);
  return found;
};
const verify = (json: unknown): Promise<VerificationReport> =>
  verifyBlockcertsTranscript(json, SHA, trust, now);
const outcome = (report: VerificationReport, name: string) =>
  report.checks.find((c) => c.check === name)?.outcome;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

// Nothing may reach jsonld's default (network) document loader: the verifier passes its closed one.
const jsonldLoader = jsonld as unknown as { documentLoader: (url: string) => Promise<unknown> };
const defaultLoaderCalls: string[] = [];
const originalLoader = jsonldLoader.documentLoader;
beforeAll(() => {
  jsonldLoader.documentLoader = async (url: string) => {
    defaultLoaderCalls.push(url);
    throw new Error(`network document loader called for ${url}`);
  };
});
afterAll(() => {
  jsonldLoader.documentLoader = originalLoader;
  expect(defaultLoaderCalls).toEqual([]);
});

describe('the Blockcerts corpus', () => {
  it.each(corpus.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expect(isBlockcertsCredential(c.json)).toBe(c.isBlockcerts);
    const report = await verify(c.json);
    expect({ recommendation: report.recommendation, checks: pickChecks(report, c) }).toEqual({
      recommendation: c.expected.recommendation,
      checks: c.expected.checks,
    });
    expect(report.checks.map((x) => x.check)).toEqual(CHECK_NAMES);
    expect(report.sha256).toBe(SHA);
    expect(report.checkedAt).toBe(now.toISOString());
    expect(report.summary).toMatch(/^[A-Z].*\.$/);
    expect(report.summary).not.toContain('\n');
    for (const x of report.checks) expect(x.detail, x.check).toMatch(/\S/);
  });

  it('names the issuer, issue date and title of a credential', async () => {
    const report = await verify(byName('genuine, with a chained signature by a trusted key').json);
    expect(report.format).toBe('blockcerts-v3');
    expect(report.credential).toEqual({
      issuer: 'https://blockcerts.hkust.example/issuer.json',
      issuedOn: '2025-07-15T00:00:00Z',
      name: 'Official Transcript of Academic Record',
    });
    expect(report.checks.find((c) => c.check === 'anchor')?.detail).toMatch(
      /^Not checked offline: Bitcoin testnet .*transaction [0-9a-f]{64}\.$/,
    );
    const v2 = await verify(byName('Blockcerts v2, genuine').json);
    expect(v2.format).toBe('blockcerts-v2');
    expect(v2.credential?.issuer).toBe('https://blockcerts.hkust.example/issuer.json');
  });

  it('says a Merkle-only credential is tied to its issuer only by the anchor', async () => {
    const report = await verify(byName('genuine, Merkle proof only, issuer on the trust list').json);
    expect(report.checks.find((c) => c.check === 'issuer-key')?.detail).toContain(
      'only the anchoring transaction ties this credential to it, and that is not checked offline',
    );
    expect(report.checks.find((c) => c.check === 'revocation')?.detail).toContain('names no status');
  });

  it('catches the undefined-term trap that lax canonicalisation falls into', async () => {
    const issued = byName('a term no context defines, as a lax issuer hashed it').json as JsonObject;
    const tampered = byName('a term no context defines, changed after issuing').json as JsonObject;
    expect(issued.honours).not.toEqual(tampered.honours);
    const { proof: _a, ...issuedBare } = issued;
    const { proof: _b, ...tamperedBare } = tampered;
    // A lax verifier hashes both to the same value: the term was never signed.
    expect(await canonicalNQuads(tamperedBare, false)).toBe(await canonicalNQuads(issuedBare, false));
    await expect(canonicalNQuads(issuedBare, true)).rejects.toThrow(/Safe mode/);
    for (const json of [issued, tampered]) {
      const report = await verify(json);
      expect(report.recommendation).toBe('Rejected');
      expect(report.checks[0]?.detail).toContain('"honours"');
    }
  });
});

describe('the MerkleProof2019 proofValue', () => {
  const hex32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
  const step = fc.oneof(
    hex32.map((left) => ({ left })),
    hex32.map((right) => ({ right })),
  );
  const anchor = fc
    .tuple(fc.constantFrom('btc:mainnet', 'btc:testnet', 'eth:sepolia', 'mocknet:mocknet'), hex32)
    .map(([chain, tx]) => `blink:${chain}:${tx}`);

  it('decodes whatever the reference layout encodes', () => {
    fc.assert(
      fc.property(
        fc.record({
          path: fc.array(step, { maxLength: 12 }),
          merkleRoot: hex32,
          targetHash: hex32,
          anchors: fc.array(anchor, { minLength: 1, maxLength: 3 }),
        }),
        (proof) => {
          const decoded = decodeMerkleProof2019(encodeMerkleProof2019(proof));
          expect(decoded.merkleRoot).toBe(proof.merkleRoot);
          expect(decoded.targetHash).toBe(proof.targetHash);
          expect(decoded.path).toEqual(proof.path);
          expect(decoded.anchors.map((a) => a.blink)).toEqual(proof.anchors);
        },
      ),
    );
  });

  it('refuses garbage without throwing out of the verifier', async () => {
    expect(() => decodeMerkleProof2019('not multibase')).toThrow();
    expect(() => decodeMerkleProof2019('z0OIl')).toThrow();
    const base = byName('genuine, Merkle proof only, issuer on the trust list').json as JsonObject;
    for (const proofValue of ['zzzz', 'z2', 42, null, `z${'1'.repeat(10_000)}`]) {
      const json = clone(base);
      (json.proof as JsonObject).proofValue = proofValue;
      const report = await verify(json);
      expect(report.recommendation, String(proofValue)).toBe('Rejected');
      expect(outcome(report, 'merkle-proof')).toBe('invalid');
    }
  });
});

describe('tampering', () => {
  const merkleOnly = byName('genuine, Merkle proof only, issuer on the trust list').json as JsonObject;
  const signed = byName('genuine, with a chained signature by a trusted key').json as JsonObject;

  /** Every path to a string inside the credential subject. */
  const stringPaths = (node: Json, at: Array<string | number> = []): Array<Array<string | number>> => {
    if (typeof node === 'string') return [at];
    if (Array.isArray(node)) return node.flatMap((v, i) => stringPaths(v, [...at, i]));
    if (node && typeof node === 'object')
      return Object.entries(node).flatMap(([k, v]) => stringPaths(v, [...at, k]));
    return [];
  };
  const subjectPaths = stringPaths(merkleOnly.credentialSubject as Json, ['credentialSubject']);

  const setAt = (json: JsonObject, path: Array<string | number>, value: string): JsonObject => {
    const copy = clone(json);
    let node: Json = copy;
    for (const key of path.slice(0, -1)) node = (node as Record<string | number, Json>)[key] as Json;
    (node as Record<string | number, Json>)[path[path.length - 1] as string | number] = value;
    return copy;
  };
  const getAt = (json: Json, path: Array<string | number>): Json =>
    path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key] as Json, json);

  it('covers every string of the credential subject', async () => {
    expect(subjectPaths.length).toBeGreaterThan(20);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...subjectPaths), fc.string({ maxLength: 20 }), async (path, text) => {
        fc.pre(getAt(merkleOnly, path) !== text);
        const report = await verify(setAt(merkleOnly, path, text));
        expect(outcome(report, 'merkle-proof')).not.toBe('valid');
        expect(report.recommendation).not.toBe('Verified');
      }),
      { numRuns: 40 },
    );
  });

  it('never lets an edit of a signed credential keep a valid issuer signature', async () => {
    const paths = stringPaths(signed.credentialSubject as Json, ['credentialSubject']);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.string({ minLength: 1, maxLength: 12 }),
        async (path, text) => {
          fc.pre(getAt(signed, path) !== text);
          const report = await verify(setAt(signed, path, text));
          expect(report.recommendation).toBe('Rejected');
          expect(outcome(report, 'issuer-key')).not.toBe('valid');
        },
      ),
      { numRuns: 15 },
    );
  });

  it('detects a changed grade whichever course it is', async () => {
    for (const code of ['COMP 1021', 'MATH 1013', 'COMP 2011', 'COMP 2012', 'HUMA 1000']) {
      const report = await verify(withGrade(merkleOnly, code, 'F'));
      expect(outcome(report, 'merkle-proof'), code).toBe('invalid');
    }
  });

  it('detects a proof moved to another credential of the same batch', async () => {
    const other = byName('expired credential').json as JsonObject;
    const moved = { ...clone(merkleOnly), proof: (clone(other).proof as Json[])[0] as Json };
    const report = await verify(moved);
    expect(report.recommendation).toBe('Rejected');
    expect(outcome(report, 'merkle-proof')).toBe('invalid');
  });

  it('refuses a signature whose previousProof names no proof', async () => {
    const json = clone(signed);
    ((json.proof as JsonObject[])[1] as JsonObject).previousProof =
      'urn:uuid:00000000-0000-4000-a000-000000000000';
    const report = await verify(json);
    expect(report.recommendation).toBe('Rejected');
    expect(outcome(report, 'issuer-key')).toBe('invalid');
  });
});

describe('what the verifier refuses to read', () => {
  const base = byName('genuine, Merkle proof only, issuer on the trust list').json as JsonObject;

  it('refuses a context nested inside the credential, never fetching it', async () => {
    const json = clone(base);
    (json.credentialSubject as JsonObject)['@context'] = 'https://evil.example/context.jsonld';
    const report = await verify(json);
    expect(report.recommendation).toBe('Pending Review');
    expect(outcome(report, 'credential-format')).toBe('undetermined');
    expect(report.checks[0]?.detail).toContain('https://evil.example/context.jsonld');
  });

  it('refuses an inline context (it could map any term)', async () => {
    const json = clone(base);
    json['@context'] = [...(json['@context'] as string[]), { '@vocab': 'https://anything.example/#' }];
    const report = await verify(json);
    expect(outcome(report, 'credential-format')).toBe('undetermined');
    expect(outcome(report, 'merkle-proof')).toBe('undetermined');
  });

  it('refuses credentials beyond the size and nesting limits', async () => {
    let deep: Json = 'bottom';
    for (let i = 0; i < 200; i++) deep = { 'schema:next': deep };
    const tooDeep = { ...clone(base), credentialSubject: deep };
    const tooWide = {
      ...clone(base),
      credentialSubject: { 'schema:items': Array.from({ length: 30_000 }, (_, i) => i) },
    };
    const tooLong = { ...clone(base), description: 'x'.repeat(2_100_000) };
    for (const json of [tooDeep, tooWide, tooLong]) {
      const report = await verify(json);
      expect(report.recommendation).toBe('Rejected');
      expect(outcome(report, 'credential-format')).toBe('invalid');
    }
  });

  it('refuses a relative IRI, which canonicalisation would drop', async () => {
    const json = clone(base);
    (json.credentialSubject as JsonObject).id = 'student-20745678';
    const report = await verify(json);
    expect(report.recommendation).toBe('Rejected');
    expect(outcome(report, 'credential-format')).toBe('invalid');
  });

  it('reads a credential not yet valid as invalid', async () => {
    const report = await verifyBlockcertsTranscript(base, SHA, trust, new Date('2025-01-01T00:00:00Z'));
    expect(outcome(report, 'expiry')).toBe('invalid');
  });

  it('says which shapes are Blockcerts at all', () => {
    const signedJson = byName('genuine, with a chained signature by a trusted key').json;
    const v2 = byName('Blockcerts v2, genuine').json;
    expect(isBlockcertsCredential(signedJson)).toBe(true);
    expect(isBlockcertsCredential(v2)).toBe(true);
    for (const json of [
      null,
      [],
      'text',
      42,
      {},
      { '@context': 'https://www.w3.org/2018/credentials/v1', proof: { type: 'Ed25519Signature2020' } },
      { signature: { type: 'SHA3MerkleProof', merkleRoot: 'ab' }, data: {} },
      { proof: { type: 'MerkleProof2019' } },
    ]) {
      expect(isBlockcertsCredential(json), JSON.stringify(json)).toBe(false);
    }
  });

  it('never throws, whatever the JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const report = await verify(value);
        expect(['Pending Review', 'Rejected']).toContain(report.recommendation);
        expect(report.checks.length).toBe(6);
      }),
      { numRuns: 100 },
    );
  });

  it('never recommends Verified for a mangled genuine credential', async () => {
    const paths = (node: Json, at: string[] = []): string[][] =>
      node && typeof node === 'object' && !Array.isArray(node)
        ? [at, ...Object.entries(node).flatMap(([k, v]) => paths(v, [...at, k]))]
        : [at];
    const objectPaths = paths(base).filter((p) => p.length > 0);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...objectPaths),
        fc.jsonValue({ maxDepth: 2 }),
        async (path, value) => {
          const json = clone(base);
          let node: Json = json;
          for (const key of path.slice(0, -1)) node = (node as JsonObject)[key] as Json;
          (node as JsonObject)[path[path.length - 1] as string] = value as Json;
          const report = await verify(json);
          expect(report.recommendation).not.toBe('Verified');
        },
      ),
      { numRuns: 40 },
    );
  });
});

function pickChecks(report: VerificationReport, c: BlockcertsCase) {
  return Object.fromEntries(Object.keys(c.expected.checks).map((name) => [name, outcome(report, name)]));
}
