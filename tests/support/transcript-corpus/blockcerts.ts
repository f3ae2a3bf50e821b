import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import jsonld from 'jsonld';
import { BUNDLED_CONTEXTS } from '../../../functions/transcripts/verification/contexts/index.js';
import type {
  CheckOutcome,
  Recommendation,
  TrustedIssuerKey,
  TrustList,
} from '../../../functions/transcripts/verification/report.js';

// The Blockcerts transcript corpus, built at test time (no credential files from elsewhere): a test
// issuer with Ed25519 keys, transcripts issued in a Merkle batch the way cert-issuer does it
// (URDNA2015 hash per credential, SHA-256 Merkle tree, MerkleProof2019 proofValue = base58btc of the
// CBOR encoded LD Merkle proof), a chained eddsa-rdfc-2022 signature, and the forgeries a verifier
// must tell apart. The encoders here are written independently of the verifier's decoders, so a
// misreading of the format on one side shows up as a failing genuine case.
//
// The transcript's own fields (courses, grades) use schema.org compact IRIs (`schema:` is a prefix
// of the Blockcerts v3 context): a real HKUST transcript would carry HKUST's transcript context,
// which CTS would then bundle; the corpus needs nothing beyond what CTS bundles today.

export const CORPUS_NOW = new Date('2026-09-01T00:00:00Z');

export const HKUST_ISSUER = 'https://blockcerts.hkust.example/issuer.json';
export const HKUST_KEY_1 = `${HKUST_ISSUER}#key-1`;
/** A retired key: trusted only for credentials issued before 2024. */
export const HKUST_KEY_0 = `${HKUST_ISSUER}#key-0`;
export const OTHER_ISSUER = 'https://credentials.other-university.example/issuer.json';
export const FORGER_KEY = 'https://forger.example/keys#1';

const V3_CONTEXT = [
  'https://www.w3.org/2018/credentials/v1',
  'https://w3id.org/blockcerts/v3',
  'https://w3id.org/security/data-integrity/v2',
];
const V2_CONTEXT = ['https://w3id.org/openbadges/v2', 'https://w3id.org/blockcerts/v2'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface BlockcertsCase {
  name: string;
  json: unknown;
  /** false: `isBlockcertsCredential` must say no. */
  isBlockcerts: boolean;
  expected: { recommendation: Recommendation; checks: Partial<Record<string, CheckOutcome>> };
}

export interface BlockcertsCorpus {
  trust: TrustList;
  /** The `now` every expectation assumes. */
  now: Date;
  cases: BlockcertsCase[];
}

// ---------------------------------------------------------------------------------------------
// Deterministic bits

const sha256 = (data: string | Uint8Array): Buffer => createHash('sha256').update(data).digest();
const uuid = (seed: string): string => {
  const h = sha256(seed).toString('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

interface TestKey {
  privateKey: KeyObject;
  /** Raw 32-byte public key, base64, as the trust list pins it. */
  publicKeyEd25519: string;
}

/** An Ed25519 key from a seed (PKCS#8 wraps the 32-byte seed), so the corpus is the same every run. */
function testKey(seed: string): TestKey {
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), sha256(seed)]);
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return { privateKey, publicKeyEd25519: Buffer.from(jwk.x ?? '', 'base64url').toString('base64') };
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

// ---------------------------------------------------------------------------------------------
// Encoders: base58btc and CBOR (as the `cbor` npm package writes definite-length items)

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58btc(bytes: Uint8Array): string {
  const digits: number[] = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += (digits[i] ?? 0) * 256;
      digits[i] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let out = '';
  for (const byte of bytes) {
    if (byte !== 0) break;
    out += '1';
  }
  for (let i = digits.length - 1; i >= 0; i--) out += BASE58[digits[i] ?? 0];
  return out;
}

type CborValue = number | string | Uint8Array | CborValue[];

function cborHead(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

export function cborEncode(v: CborValue): Buffer {
  if (typeof v === 'number') return v >= 0 ? cborHead(0, v) : cborHead(1, -1 - v);
  if (typeof v === 'string') {
    const utf8 = Buffer.from(v, 'utf8');
    return Buffer.concat([cborHead(3, utf8.length), utf8]);
  }
  if (v instanceof Uint8Array) return Buffer.concat([cborHead(2, v.length), v]);
  return Buffer.concat([cborHead(4, v.length), ...v.map(cborEncode)]);
}

const CHAIN_CODES: Record<string, { id: number; networks: Record<string, number> }> = {
  btc: { id: 0, networks: { mainnet: 1, testnet: 3 } },
  eth: { id: 1, networks: { mainnet: 1, sepolia: 11155111 } },
  mocknet: { id: -1, networks: { mocknet: -1 } },
};

export interface LdMerkleProof {
  path: Array<{ left: string } | { right: string }>;
  merkleRoot: string;
  targetHash: string;
  anchors: string[];
}

/**
 * The proofValue of a MerkleProof2019 proof, as @blockcerts/lds-merkle-proof-2019's Encoder writes
 * it: CBOR of `[[key, value], …]` (merkleRoot 0, targetHash 1, anchors 2, path 3), each hash a
 * byte string holding the CBOR of its bytes, each anchor `blink:chain:network:tx` split into codes.
 */
export function encodeMerkleProof2019(proof: LdMerkleProof): string {
  const wrapped = (hex: string) => cborEncode(Buffer.from(hex, 'hex'));
  const root: CborValue[] = [];
  for (const key of Object.keys(proof) as Array<keyof LdMerkleProof>) {
    if (key === 'merkleRoot') root.push([0, wrapped(proof.merkleRoot)]);
    if (key === 'targetHash') root.push([1, wrapped(proof.targetHash)]);
    if (key === 'anchors') {
      root.push([
        2,
        proof.anchors.map((anchor) => {
          const [, chain = '', network = '', tx = ''] = anchor.split(':');
          const codes = CHAIN_CODES[chain];
          if (!codes) throw new Error(`no code for chain ${chain}`);
          return [
            [0, codes.id],
            [1, codes.networks[network] ?? 0],
            [2, wrapped(tx)],
          ];
        }),
      ]);
    }
    if (key === 'path') {
      root.push([
        3,
        proof.path.flatMap((step) =>
          'left' in step ? [[0, wrapped(step.left)] as CborValue] : [[1, wrapped(step.right)] as CborValue],
        ),
      ]);
    }
  }
  return `z${base58btc(cborEncode(root))}`;
}

// ---------------------------------------------------------------------------------------------
// Canonicalisation and Merkle trees, the issuer's side

async function loader(url: string) {
  const document = BUNDLED_CONTEXTS.get(url);
  if (!document) throw new Error(`the corpus names an unbundled context ${url}`);
  return { documentUrl: url, document: clone(document) };
}

/**
 * RDFC-1.0 N-Quads. `safe: false` is how a lax issuer hashes: undefined terms silently vanish from
 * the hashed data, which is exactly the trap the verifier must refuse.
 */
export async function canonicalNQuads(doc: object, safe = true): Promise<string> {
  const canonize = jsonld.canonize as unknown as (input: object, options: object) => Promise<string>;
  return canonize(doc, {
    algorithm: 'RDFC-1.0',
    format: 'application/n-quads',
    safe,
    documentLoader: loader,
  });
}

/** Pairs left to right; an odd node out is carried up unchanged (pymerkletools, as cert-issuer). */
function merkleTree(leaves: string[]): { root: string; paths: LdMerkleProof['path'][] } {
  const paths: LdMerkleProof['path'][] = leaves.map(() => []);
  let level = leaves.map((hash, i) => ({ hash, members: [i] }));
  while (level.length > 1) {
    const next: typeof level = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i];
      const right = level[i + 1];
      if (!left) break;
      if (!right) {
        next.push(left);
        continue;
      }
      for (const m of left.members) paths[m]?.push({ right: right.hash });
      for (const m of right.members) paths[m]?.push({ left: left.hash });
      const hash = sha256(
        Buffer.concat([Buffer.from(left.hash, 'hex'), Buffer.from(right.hash, 'hex')]),
      ).toString('hex');
      next.push({ hash, members: [...left.members, ...right.members] });
    }
    level = next;
  }
  return { root: level[0]?.hash ?? '', paths };
}

const ANCHOR_TX = sha256('cts test anchor transaction').toString('hex');
const FORGED_TX = sha256('a transaction the forger made').toString('hex');

interface IssueOptions {
  verificationMethod: string;
  anchorTx?: string;
  created?: string;
  /** How the issuer canonicalises: a lax one drops undefined terms. */
  safe?: boolean;
}

/** Issues a batch: each credential gets a MerkleProof2019 proof over its proof-less form. */
async function issueBatch(credentials: JsonObject[], options: IssueOptions): Promise<JsonObject[]> {
  const leaves = await Promise.all(
    credentials.map(async (c) => {
      const { proof: _ignored, ...unsecured } = c;
      return sha256(await canonicalNQuads(unsecured, options.safe ?? true)).toString('hex');
    }),
  );
  const tree = merkleTree(leaves);
  return credentials.map((c, i) => {
    const { proof: _ignored, ...unsecured } = c;
    const merkleProof: JsonObject = {
      id: uuid(`merkle proof ${String(c.id)}`),
      type: 'MerkleProof2019',
      created: options.created ?? '2025-07-15T02:00:00Z',
      proofValue: encodeMerkleProof2019({
        path: tree.paths[i] ?? [],
        merkleRoot: tree.root,
        targetHash: leaves[i] ?? '',
        anchors: [`blink:btc:testnet:${options.anchorTx ?? ANCHOR_TX}`],
      }),
      proofPurpose: 'assertionMethod',
      verificationMethod: options.verificationMethod,
    };
    return { ...unsecured, proof: merkleProof };
  });
}

/**
 * Adds an issuer signature next to the Merkle proof. eddsa-rdfc-2022 is chained to it (VC Data
 * Integrity 1.0: the signature covers the credential with the proof its previousProof names);
 * Ed25519Signature2020, whose context has no previousProof, is a parallel proof over the credential
 * without proofs. Both hash alike: SHA-256 of the canonical proof options, then of the document.
 */
async function signChained(
  credential: JsonObject,
  key: TestKey,
  verificationMethod: string,
  suite: 'eddsa-rdfc-2022' | 'Ed25519Signature2020' = 'eddsa-rdfc-2022',
): Promise<JsonObject> {
  const previous = credential.proof as JsonObject;
  const { proof: _merkle, ...unsecured } = credential;
  const chained = suite === 'eddsa-rdfc-2022';
  const options: JsonObject = {
    ...(chained
      ? { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' }
      : { type: 'Ed25519Signature2020' }),
    created: '2025-07-15T02:05:00Z',
    verificationMethod,
    proofPurpose: 'assertionMethod',
    ...(chained ? { previousProof: previous.id as string } : {}),
  };
  const [config, data] = await Promise.all([
    canonicalNQuads({ ...options, '@context': credential['@context'] as Json }),
    canonicalNQuads(chained ? credential : unsecured),
  ]);
  const message = Buffer.concat([sha256(config), sha256(data)]);
  const signature = sign(null, message, key.privateKey);
  return { ...credential, proof: [previous, { ...options, proofValue: `z${base58btc(signature)}` }] };
}

// ---------------------------------------------------------------------------------------------
// Transcripts

interface Course {
  code: string;
  title: string;
  credits: number;
  term: string;
  grade: string;
}

const COURSES: Course[] = [
  {
    code: 'COMP 1021',
    title: 'Introduction to Computer Science',
    credits: 3,
    term: '2023-24 Fall',
    grade: 'A-',
  },
  { code: 'MATH 1013', title: 'Calculus IB', credits: 3, term: '2023-24 Fall', grade: 'B+' },
  { code: 'COMP 2011', title: 'Programming with C++', credits: 4, term: '2023-24 Spring', grade: 'A' },
  {
    code: 'COMP 2012',
    title: 'Object-Oriented Programming and Data Structures',
    credits: 4,
    term: '2024-25 Fall',
    grade: 'B',
  },
  { code: 'HUMA 1000', title: 'Cultures and Values', credits: 3, term: '2024-25 Spring', grade: 'A+' },
];

const courseNode = (c: Course): JsonObject => ({
  type: 'schema:Course',
  'schema:courseCode': c.code,
  name: c.title,
  'schema:numberOfCredits': c.credits,
  'schema:termCode': c.term,
  'schema:grade': c.grade,
});

interface Student {
  number: string;
  name: string;
  programme: string;
}

const STUDENTS: Student[] = [
  { number: '20741234', name: 'CHAN Tai Man', programme: 'BEng in Computer Science' },
  { number: '20745678', name: 'WONG Siu Ming', programme: 'BSc in Mathematics' },
  { number: '20749012', name: 'LEE Ka Yan', programme: 'BBA in Economics' },
];

function transcript(
  student: Student,
  options: { issuer?: string; issuanceDate?: string; extra?: JsonObject; courses?: Course[] } = {},
): JsonObject {
  return {
    '@context': V3_CONTEXT,
    id: uuid(`transcript ${student.number} ${options.issuer ?? HKUST_ISSUER} ${options.issuanceDate ?? ''}`),
    type: ['VerifiableCredential', 'BlockcertsCredential'],
    issuer: options.issuer ?? HKUST_ISSUER,
    issuanceDate: options.issuanceDate ?? '2025-07-15T00:00:00Z',
    name: 'Official Transcript of Academic Record',
    description: 'Issued by the Academic Registry of the Hong Kong University of Science and Technology.',
    credentialSubject: {
      id: `urn:hkust:student:${student.number}`,
      name: student.name,
      'schema:identifier': student.number,
      claim: {
        name: student.programme,
        description: 'Courses taken and grades awarded',
        'schema:hasCourse': (options.courses ?? COURSES).map(courseNode),
      },
    },
    ...(options.extra ?? {}),
  };
}

/** Changes one course's grade: the smallest edit a forger would make. */
export function withGrade(credential: unknown, courseCode: string, grade: string): JsonObject {
  const copy = clone(credential) as JsonObject;
  const subject = copy.credentialSubject as JsonObject;
  const claim = subject.claim as JsonObject;
  for (const course of claim['schema:hasCourse'] as JsonObject[]) {
    if (course['schema:courseCode'] === courseCode) course['schema:grade'] = grade;
  }
  return copy;
}

function v2Certificate(student: Student): JsonObject {
  return {
    '@context': V2_CONTEXT,
    type: 'Assertion',
    id: uuid(`v2 certificate ${student.number}`),
    recipient: { type: 'email', identity: `${student.number}@connect.hkust.example`, hashed: false },
    recipientProfile: { type: ['RecipientProfile', 'Extension'], name: student.name },
    issuedOn: '2025-07-15T00:00:00Z',
    badge: {
      type: 'BadgeClass',
      id: uuid('v2 transcript badge'),
      name: 'Official Transcript of Academic Record',
      description: student.programme,
      criteria: { narrative: 'Courses taken and grades awarded at HKUST.' },
      issuer: {
        type: 'Profile',
        id: HKUST_ISSUER,
        name: 'The Hong Kong University of Science and Technology',
        url: 'https://www.hkust.example',
        email: 'registry@hkust.example',
        revocationList: 'https://blockcerts.hkust.example/revocation-list.json',
      },
      'schema:hasCourse': COURSES.slice(0, 3).map((c) => ({
        'schema:courseCode': c.code,
        'schema:name': c.title,
        'schema:grade': c.grade,
      })),
    },
    verification: { type: ['MerkleProofVerification2017', 'Extension'] },
  };
}

async function issueV2(certificates: JsonObject[]): Promise<JsonObject[]> {
  const leaves = await Promise.all(
    certificates.map(async (c) => sha256(await canonicalNQuads(c)).toString('hex')),
  );
  const tree = merkleTree(leaves);
  return certificates.map((c, i) => ({
    ...c,
    signature: {
      type: ['MerkleProof2017', 'Extension'],
      targetHash: leaves[i] ?? '',
      merkleRoot: tree.root,
      proof: tree.paths[i] ?? [],
      anchors: [{ sourceId: ANCHOR_TX, type: 'BTCOpReturn', chain: 'bitcoinTestnet' }],
    },
  }));
}

// ---------------------------------------------------------------------------------------------

export async function buildBlockcertsCorpus(): Promise<BlockcertsCorpus> {
  const key1 = testKey('cts test issuer key 1');
  const key0 = testKey('cts test issuer key 0 (retired)');
  const forger = testKey('a key the forger made');
  const other = testKey('the other university key');

  const trustedKey = (
    keyId: string,
    vm: string,
    key: TestKey,
    from: string,
    to: string,
  ): TrustedIssuerKey => ({
    keyId,
    label: `HKUST Academic Registry (${keyId})`,
    issuerId: HKUST_ISSUER,
    verificationMethod: vm,
    publicKeyEd25519: key.publicKeyEd25519,
    validFrom: from,
    validTo: to,
  });
  const trust: TrustList = {
    institutionId: 'hkust',
    certificates: [],
    issuerKeys: [
      trustedKey('hkust-2024', HKUST_KEY_1, key1, '2024-01-01T00:00:00Z', '2030-12-31T23:59:59Z'),
      trustedKey('hkust-2019', HKUST_KEY_0, key0, '2019-01-01T00:00:00Z', '2023-12-31T23:59:59Z'),
    ],
  };

  const [a, b, c] = STUDENTS as [Student, Student, Student];
  const statusOf = (s: Student): JsonObject => ({
    credentialStatus: {
      id: `https://blockcerts.hkust.example/status/1#${s.number}`,
      type: 'StatusList2021Entry',
      statusPurpose: 'revocation',
      statusListIndex: s.number.slice(-4),
      statusListCredential: 'https://blockcerts.hkust.example/status/1',
    },
  });
  const withStatus = (s: Student, extra: JsonObject = {}): JsonObject => {
    const t = transcript(s, { extra: { ...statusOf(s), ...extra } });
    t['@context'] = [...V3_CONTEXT, 'https://w3id.org/vc/status-list/2021/v1'];
    return t;
  };

  // The batch of three, anchored in one transaction: A signed, B Merkle only, C signed but expired.
  const [issuedA, issuedB, issuedC] = (await issueBatch(
    [withStatus(a), transcript(b), withStatus(c, { expirationDate: '2026-06-30T00:00:00Z' })],
    { verificationMethod: HKUST_KEY_1 },
  )) as [JsonObject, JsonObject, JsonObject];
  const genuineSigned = await signChained(issuedA, key1, HKUST_KEY_1);
  const expiredSigned = await signChained(issuedC, key1, HKUST_KEY_1);

  // A self-consistent forgery: the grade changed, a fresh Merkle batch and anchor of the forger's own,
  // the Merkle proof still naming HKUST's key, and a signature by a key the forger controls.
  const forgedContent = withGrade(issuedA, 'COMP 2012', 'A');
  const [forgedIssued] = (await issueBatch([forgedContent], {
    verificationMethod: HKUST_KEY_1,
    anchorTx: FORGED_TX,
  })) as [JsonObject];
  const forgedUntrusted = await signChained(forgedIssued, forger, FORGER_KEY);
  const forgedClaimingTrustedKey = await signChained(forgedIssued, forger, HKUST_KEY_1);

  // HKUST's genuine signature (made over A) moved onto the forged, re-proven content.
  const genuineSignature = (genuineSigned.proof as JsonObject[])[1] as JsonObject;
  const signatureOverOtherContent = { ...forgedIssued, proof: [forgedIssued.proof, genuineSignature] };

  // Issued by another university, signed by its own key: intact, but not HKUST's.
  const [otherIssued] = (await issueBatch([transcript(b, { issuer: OTHER_ISSUER })], {
    verificationMethod: `${OTHER_ISSUER}#key-1`,
  })) as [JsonObject];
  const otherSigned = await signChained(otherIssued, other, `${OTHER_ISSUER}#key-1`);

  // The older suite, Ed25519Signature2020, with its own context.
  const ed2020Transcript = transcript(b, { issuanceDate: '2025-07-15T00:00:00.5Z' });
  ed2020Transcript['@context'] = [...V3_CONTEXT, 'https://w3id.org/security/suites/ed25519-2020/v1'];
  const [ed2020Issued] = (await issueBatch([ed2020Transcript], { verificationMethod: HKUST_KEY_1 })) as [
    JsonObject,
  ];
  const ed2020Signed = await signChained(ed2020Issued, key1, HKUST_KEY_1, 'Ed25519Signature2020');

  // Signed in 2025 with the key HKUST retired at the end of 2023.
  const [retiredIssued] = (await issueBatch([transcript(c, { issuanceDate: '2025-03-01T00:00:00Z' })], {
    verificationMethod: HKUST_KEY_0,
  })) as [JsonObject];
  const retiredSigned = await signChained(retiredIssued, key0, HKUST_KEY_0);

  // An undefined term, hashed by a lax issuer: `honours` never reaches the hashed RDF.
  const [laxIssued] = (await issueBatch(
    [transcript(a, { extra: { honours: 'First Class Honours' }, issuanceDate: '2025-07-16T00:00:00Z' })],
    { verificationMethod: HKUST_KEY_1, safe: false },
  )) as [JsonObject];
  const laxTampered = { ...clone(laxIssued), honours: 'Second Class Honours (Lower Division)' };

  // A Merkle path that does not lead to the root it claims: the targetHash still matches the
  // credential, so only the path check can catch it.
  const brokenPath = clone(issuedB);
  (brokenPath.proof as JsonObject).proofValue = encodeMerkleProof2019({
    path: [
      { left: sha256('not the sibling').toString('hex') },
      { right: sha256('nor this').toString('hex') },
    ],
    merkleRoot: sha256('the anchored root').toString('hex'),
    targetHash: sha256(await canonicalNQuads(transcript(b))).toString('hex'),
    anchors: [`blink:btc:testnet:${ANCHOR_TX}`],
  });

  const unknownContext = clone(issuedB);
  unknownContext['@context'] = [...V3_CONTEXT, 'https://transcripts.example/contexts/v1'];

  const [v2A, v2B] = (await issueV2([v2Certificate(a), v2Certificate(b)])) as [JsonObject, JsonObject];
  const v2Tampered = clone(v2A);
  (((v2Tampered.badge as JsonObject)['schema:hasCourse'] as JsonObject[])[1] as JsonObject)['schema:grade'] =
    'A';

  const pending = 'Pending Review' as const;
  const rejected = 'Rejected' as const;
  const cases: BlockcertsCase[] = [
    {
      name: 'genuine, with a chained signature by a trusted key',
      json: genuineSigned,
      isBlockcerts: true,
      expected: {
        recommendation: pending,
        checks: {
          'credential-format': 'valid',
          'merkle-proof': 'valid',
          'issuer-key': 'valid',
          anchor: 'undetermined',
          revocation: 'undetermined',
          expiry: 'valid',
        },
      },
    },
    {
      name: 'genuine, with an Ed25519Signature2020 signature (a parallel proof) by a trusted key',
      json: ed2020Signed,
      isBlockcerts: true,
      expected: {
        recommendation: pending,
        checks: { 'credential-format': 'valid', 'merkle-proof': 'valid', 'issuer-key': 'valid' },
      },
    },
    {
      name: 'genuine, Merkle proof only, issuer on the trust list',
      json: issuedB,
      isBlockcerts: true,
      expected: {
        recommendation: pending,
        checks: {
          'credential-format': 'valid',
          'merkle-proof': 'valid',
          'issuer-key': 'undetermined',
          anchor: 'undetermined',
          revocation: 'undetermined',
          expiry: 'valid',
        },
      },
    },
    {
      name: 'tampered: a grade changed after issuing',
      json: withGrade(genuineSigned, 'COMP 2012', 'A'),
      isBlockcerts: true,
      expected: { recommendation: rejected, checks: { 'merkle-proof': 'invalid', 'issuer-key': 'invalid' } },
    },
    {
      name: 'tampered: a grade changed in a credential with a Merkle proof only',
      json: withGrade(issuedB, 'MATH 1013', 'A'),
      isBlockcerts: true,
      expected: {
        recommendation: rejected,
        checks: { 'merkle-proof': 'invalid', 'issuer-key': 'undetermined' },
      },
    },
    {
      // undetermined, not invalid: a key not on the list proves nothing either way (it may be a new
      // key ARO has not pinned yet); only a failing signature against a pinned key is disproof.
      name: 'self-consistent forgery: Merkle proof recomputed, signed by an untrusted key',
      json: forgedUntrusted,
      isBlockcerts: true,
      expected: {
        recommendation: pending,
        checks: { 'merkle-proof': 'valid', 'issuer-key': 'undetermined' },
      },
    },
    {
      name: "self-consistent forgery signed by the forger's key but naming the trusted key",
      json: forgedClaimingTrustedKey,
      isBlockcerts: true,
      expected: { recommendation: rejected, checks: { 'merkle-proof': 'valid', 'issuer-key': 'invalid' } },
    },
    {
      name: 'a chained signature by the trusted key over different content',
      json: signatureOverOtherContent,
      isBlockcerts: true,
      expected: { recommendation: rejected, checks: { 'merkle-proof': 'valid', 'issuer-key': 'invalid' } },
    },
    {
      name: 'issuer not on the trust list',
      json: otherSigned,
      isBlockcerts: true,
      expected: {
        recommendation: pending,
        checks: { 'merkle-proof': 'valid', 'issuer-key': 'undetermined' },
      },
    },
    {
      name: 'signed by a trusted key outside its validity window',
      json: retiredSigned,
      isBlockcerts: true,
      expected: { recommendation: rejected, checks: { 'merkle-proof': 'valid', 'issuer-key': 'invalid' } },
    },
    {
      name: 'expired credential',
      json: expiredSigned,
      isBlockcerts: true,
      expected: {
        recommendation: rejected,
        checks: { expiry: 'invalid', 'merkle-proof': 'valid', 'issuer-key': 'valid' },
      },
    },
    {
      name: 'a broken Merkle path',
      json: brokenPath,
      isBlockcerts: true,
      expected: { recommendation: rejected, checks: { 'merkle-proof': 'invalid' } },
    },
    {
      // Pending Review, not Rejected: an unknown context is no evidence of tampering (a newer
      // Blockcerts version, an issuer's vocabulary), only of a credential CTS cannot read offline.
      name: 'an unknown @context',
      json: unknownContext,
      isBlockcerts: true,
      expected: {
        recommendation: pending,
        checks: { 'credential-format': 'undetermined', 'merkle-proof': 'undetermined' },
      },
    },
    {
      // Rejected: a lax canonicaliser would call this intact, and would still call it intact after
      // `honours` is changed (next case); no proof covers the term, so the verifier refuses it.
      name: 'a term no context defines, as a lax issuer hashed it',
      json: laxIssued,
      isBlockcerts: true,
      expected: {
        recommendation: rejected,
        checks: { 'credential-format': 'invalid', 'merkle-proof': 'undetermined' },
      },
    },
    {
      name: 'a term no context defines, changed after issuing',
      json: laxTampered,
      isBlockcerts: true,
      expected: {
        recommendation: rejected,
        checks: { 'credential-format': 'invalid', 'merkle-proof': 'undetermined' },
      },
    },
    {
      name: 'Blockcerts v2, genuine',
      json: v2B,
      isBlockcerts: true,
      expected: {
        recommendation: pending,
        checks: {
          'credential-format': 'valid',
          'merkle-proof': 'valid',
          'issuer-key': 'undetermined',
          anchor: 'undetermined',
          revocation: 'undetermined',
          expiry: 'valid',
        },
      },
    },
    {
      name: 'Blockcerts v2, a grade changed after issuing',
      json: v2Tampered,
      isBlockcerts: true,
      expected: { recommendation: rejected, checks: { 'merkle-proof': 'invalid' } },
    },
    {
      name: 'JSON that is not a credential',
      json: {
        student: a.name,
        transcript: COURSES.map((course) => ({ course: course.code, grade: course.grade })),
      },
      isBlockcerts: false,
      expected: { recommendation: rejected, checks: { 'credential-format': 'invalid' } },
    },
  ];
  return { trust, now: CORPUS_NOW, cases: cases.map((c) => ({ ...c, json: clone(c.json) })) };
}
