// The Blockcerts contexts, copied term for term from @blockcerts/schemas 3.10.0 (MIT), the copies
// cert-verifier-js itself preloads: schemas/3.0/context.json (v3), 3.1/context.json (v3.1),
// 2.1/context.json (v2 and v2.1: they differ only in the `obi:validation` schema URLs, which sit
// outside `@context` and play no part in JSON-LD processing) and 2.1/obi.json (Open Badges 2.0).
// Only the `@context` member of each file is kept. Note the v3 context maps `created` to
// https://purl.org/dc/terms/created while the security contexts use http://: that is how the
// published file reads, and the hash of a genuine credential depends on it, so it is not "fixed".
import type { ContextDocument } from './types.js';

/** https://w3id.org/blockcerts/v3 (Blockcerts 3.0). */
export const blockcertsV3: ContextDocument = {
  '@context': {
    id: '@id',
    type: '@type',
    bc: 'https://w3id.org/blockcerts#',
    cp: 'https://w3id.org/chainpoint#',
    vc: 'https://www.w3.org/2018/credentials/v1',
    schema: 'https://schema.org/',
    sec: 'https://w3id.org/security#',
    xsd: 'http://www.w3.org/2001/XMLSchema#',
    MerkleProof2019: 'sec:MerkleProof2019',
    BlockcertsCredential: 'bc:BlockcertsCredential',
    introductionUrl: {
      '@id': 'bc:introductionUrl',
      '@type': '@id',
    },
    metadata: 'bc:metadata',
    display: {
      '@id': 'bc:display',
      '@context': {
        id: '@id',
        type: '@type',
        contentMediaType: {
          '@id': 'bc:contentMediaType',
        },
        contentEncoding: {
          '@id': 'bc:contentEncoding',
        },
        content: {
          '@id': 'bc:content',
        },
      },
    },
    CryptographicKey: 'sec:Key',
    domain: 'sec:domain',
    nonce: 'sec:nonce',
    proofValue: 'sec:proofValue',
    assertionMethod: {
      '@id': 'sec:assertionMethod',
      '@type': '@id',
      '@container': '@set',
    },
    authentication: {
      '@id': 'sec:authenticationMethod',
      '@type': '@id',
      '@container': '@set',
    },
    proofPurpose: {
      '@id': 'sec:proofPurpose',
      '@type': '@vocab',
    },
    verificationMethod: {
      '@id': 'sec:verificationMethod',
      '@type': '@id',
    },
    created: {
      '@id': 'https://purl.org/dc/terms/created',
      '@type': 'xsd:dateTime',
    },
    challenge: 'sec:challenge',
    expires: {
      '@id': 'sec:expiration',
      '@type': 'xsd:dateTime',
    },
    name: {
      '@id': 'schema:name',
    },
    description: {
      '@id': 'schema:description',
    },
    email: {
      '@id': 'schema:email',
    },
    publicKey: {
      '@id': 'sec:publicKey',
    },
    url: {
      '@id': 'schema:url',
    },
    image: {
      '@id': 'schema:image',
    },
    criteria: {
      '@id': 'schema:criteria',
    },
    claim: {
      '@id': 'schema:claim',
    },
  },
};

/** https://w3id.org/blockcerts/v3.1: 3.0 without the MerkleProof2019 term, which moved to its suite context. */
export const blockcertsV31: ContextDocument = {
  '@context': {
    id: '@id',
    type: '@type',
    bc: 'https://w3id.org/blockcerts#',
    cp: 'https://w3id.org/chainpoint#',
    vc: 'https://www.w3.org/2018/credentials/v1',
    schema: 'https://schema.org/',
    sec: 'https://w3id.org/security#',
    xsd: 'http://www.w3.org/2001/XMLSchema#',
    BlockcertsCredential: 'bc:BlockcertsCredential',
    introductionUrl: {
      '@id': 'bc:introductionUrl',
      '@type': '@id',
    },
    metadata: 'bc:metadata',
    display: {
      '@id': 'bc:display',
      '@context': {
        id: '@id',
        type: '@type',
        contentMediaType: {
          '@id': 'bc:contentMediaType',
        },
        contentEncoding: {
          '@id': 'bc:contentEncoding',
        },
        content: {
          '@id': 'bc:content',
        },
      },
    },
    CryptographicKey: 'sec:Key',
    domain: 'sec:domain',
    nonce: 'sec:nonce',
    proofValue: 'sec:proofValue',
    assertionMethod: {
      '@id': 'sec:assertionMethod',
      '@type': '@id',
      '@container': '@set',
    },
    authentication: {
      '@id': 'sec:authenticationMethod',
      '@type': '@id',
      '@container': '@set',
    },
    proofPurpose: {
      '@id': 'sec:proofPurpose',
      '@type': '@vocab',
    },
    verificationMethod: {
      '@id': 'sec:verificationMethod',
      '@type': '@id',
    },
    created: {
      '@id': 'https://purl.org/dc/terms/created',
      '@type': 'xsd:dateTime',
    },
    challenge: 'sec:challenge',
    expires: {
      '@id': 'sec:expiration',
      '@type': 'xsd:dateTime',
    },
    name: {
      '@id': 'schema:name',
    },
    description: {
      '@id': 'schema:description',
    },
    email: {
      '@id': 'schema:email',
    },
    publicKey: {
      '@id': 'sec:publicKey',
    },
    url: {
      '@id': 'schema:url',
    },
    image: {
      '@id': 'schema:image',
    },
    criteria: {
      '@id': 'schema:criteria',
    },
    claim: {
      '@id': 'schema:claim',
    },
  },
};

/** https://w3id.org/blockcerts/v2 and v2.1. */
export const blockcertsV2: ContextDocument = {
  '@context': {
    id: '@id',
    type: '@type',
    bc: 'https://w3id.org/blockcerts#',
    obi: 'https://w3id.org/openbadges#',
    cp: 'https://w3id.org/chainpoint#',
    schema: 'http://schema.org/',
    sec: 'https://w3id.org/security#',
    xsd: 'http://www.w3.org/2001/XMLSchema#',
    MerkleProof2017: 'sec:MerkleProof2017',
    RecipientProfile: 'bc:RecipientProfile',
    SignatureLine: 'bc:SignatureLine',
    MerkleProofVerification2017: 'bc:MerkleProofVerification2017',
    recipientProfile: 'bc:recipientProfile',
    signatureLines: 'bc:signatureLines',
    introductionUrl: {
      '@id': 'bc:introductionUrl',
      '@type': '@id',
    },
    subtitle: 'bc:subtitle',
    jobTitle: 'schema:jobTitle',
    expires: {
      '@id': 'sec:expiration',
      '@type': 'xsd:dateTime',
    },
    revoked: {
      '@id': 'obi:revoked',
      '@type': 'xsd:boolean',
    },
    CryptographicKey: 'sec:Key',
    signature: 'sec:signature',
    verification: {
      '@id': 'obi:verify',
      '@type': '@id',
    },
    publicKey: {
      '@id': 'sec:publicKey',
      '@type': '@id',
    },
    BTCOpReturn: 'cp:BTCOpReturn',
    targetHash: 'cp:targetHash',
    merkleRoot: 'cp:merkleRoot',
    proof: 'cp:proof',
    anchors: 'cp:anchors',
    sourceId: 'cp:sourceId',
    right: 'cp:right',
    left: 'cp:left',
  },
};

/** https://w3id.org/openbadges/v2 (Open Badges 2.0), the base context of a Blockcerts v2 certificate. */
export const openBadgesV2: ContextDocument = {
  '@context': {
    id: '@id',
    type: '@type',
    extensions: 'https://w3id.org/openbadges/extensions#',
    obi: 'https://w3id.org/openbadges#',
    validation: 'obi:validation',
    cred: 'https://w3id.org/credentials#',
    dc: 'http://purl.org/dc/terms/',
    schema: 'http://schema.org/',
    sec: 'https://w3id.org/security#',
    xsd: 'http://www.w3.org/2001/XMLSchema#',
    AlignmentObject: 'schema:AlignmentObject',
    CryptographicKey: 'sec:Key',
    Endorsement: 'cred:Credential',
    Assertion: 'obi:Assertion',
    BadgeClass: 'obi:BadgeClass',
    Criteria: 'obi:Criteria',
    Evidence: 'obi:Evidence',
    Extension: 'obi:Extension',
    FrameValidation: 'obi:FrameValidation',
    IdentityObject: 'obi:IdentityObject',
    Image: 'obi:Image',
    HostedBadge: 'obi:HostedBadge',
    hosted: 'obi:HostedBadge',
    Issuer: 'obi:Issuer',
    Profile: 'obi:Profile',
    RevocationList: 'obi:RevocationList',
    SignedBadge: 'obi:SignedBadge',
    signed: 'obi:SignedBadge',
    TypeValidation: 'obi:TypeValidation',
    VerificationObject: 'obi:VerificationObject',
    author: {
      '@id': 'schema:author',
      '@type': '@id',
    },
    caption: {
      '@id': 'schema:caption',
    },
    claim: {
      '@id': 'cred:claim',
      '@type': '@id',
    },
    created: {
      '@id': 'dc:created',
      '@type': 'xsd:dateTime',
    },
    creator: {
      '@id': 'dc:creator',
      '@type': '@id',
    },
    description: {
      '@id': 'schema:description',
    },
    email: {
      '@id': 'schema:email',
    },
    endorsement: {
      '@id': 'cred:credential',
      '@type': '@id',
    },
    expires: {
      '@id': 'sec:expiration',
      '@type': 'xsd:dateTime',
    },
    genre: {
      '@id': 'schema:genre',
    },
    image: {
      '@id': 'schema:image',
      '@type': '@id',
    },
    name: {
      '@id': 'schema:name',
    },
    owner: {
      '@id': 'sec:owner',
      '@type': '@id',
    },
    publicKey: {
      '@id': 'sec:publicKey',
      '@type': '@id',
    },
    publicKeyPem: {
      '@id': 'sec:publicKeyPem',
    },
    related: {
      '@id': 'dc:relation',
      '@type': '@id',
    },
    startsWith: {
      '@id': 'http://purl.org/dqm-vocabulary/v1/dqm#startsWith',
    },
    tags: {
      '@id': 'schema:keywords',
    },
    targetDescription: {
      '@id': 'schema:targetDescription',
    },
    targetFramework: {
      '@id': 'schema:targetFramework',
    },
    targetName: {
      '@id': 'schema:targetName',
    },
    targetUrl: {
      '@id': 'schema:targetUrl',
    },
    telephone: {
      '@id': 'schema:telephone',
    },
    url: {
      '@id': 'schema:url',
      '@type': '@id',
    },
    version: {
      '@id': 'schema:version',
    },
    alignment: {
      '@id': 'obi:alignment',
      '@type': '@id',
    },
    allowedOrigins: {
      '@id': 'obi:allowedOrigins',
    },
    audience: {
      '@id': 'obi:audience',
    },
    badge: {
      '@id': 'obi:badge',
      '@type': '@id',
    },
    criteria: {
      '@id': 'obi:criteria',
      '@type': '@id',
    },
    endorsementComment: {
      '@id': 'obi:endorsementComment',
    },
    evidence: {
      '@id': 'obi:evidence',
      '@type': '@id',
    },
    hashed: {
      '@id': 'obi:hashed',
      '@type': 'xsd:boolean',
    },
    identity: {
      '@id': 'obi:identityHash',
    },
    issuedOn: {
      '@id': 'obi:issueDate',
      '@type': 'xsd:dateTime',
    },
    issuer: {
      '@id': 'obi:issuer',
      '@type': '@id',
    },
    narrative: {
      '@id': 'obi:narrative',
    },
    recipient: {
      '@id': 'obi:recipient',
      '@type': '@id',
    },
    revocationList: {
      '@id': 'obi:revocationList',
      '@type': '@id',
    },
    revocationReason: {
      '@id': 'obi:revocationReason',
    },
    revoked: {
      '@id': 'obi:revoked',
      '@type': 'xsd:boolean',
    },
    revokedAssertions: {
      '@id': 'obi:revoked',
    },
    salt: {
      '@id': 'obi:salt',
    },
    targetCode: {
      '@id': 'obi:targetCode',
    },
    uid: {
      '@id': 'obi:uid',
    },
    validatesType: 'obi:validatesType',
    validationFrame: 'obi:validationFrame',
    validationSchema: 'obi:validationSchema',
    verification: {
      '@id': 'obi:verify',
      '@type': '@id',
    },
    verificationProperty: {
      '@id': 'obi:verificationProperty',
    },
    verify: 'verification',
  },
};
