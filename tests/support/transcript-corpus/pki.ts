// The test PKI of the signed-transcript corpus, generated at test time (no keys or certificates
// committed): Test University's root CA, its issuing CA, the registrar who signs transcripts, a
// time-stamping authority, a CRL, and the signers that go wrong (expired, wrong key usage,
// revoked, self-signed). ECDSA P-256 keys, because they generate in milliseconds; the PKI is built
// once per test process and shared by every corpus variant.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { TrustList } from '../../../functions/transcripts/verification/report.js';

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** Fixed dates, so that every verdict holds whenever the tests run. */
export const corpusDates = {
  /** When the registrar signs (and the TSA stamps). */
  signedAt: new Date('2026-06-15T10:00:00Z'),
  /** When CTS verifies: after the CRL's nextUpdate, so only a check at the signing time passes. */
  verifiedAt: new Date('2026-12-01T09:00:00Z'),
  crlThisUpdate: new Date('2026-06-14T00:00:00Z'),
  crlNextUpdate: new Date('2026-07-14T00:00:00Z'),
  revokedOn: new Date('2026-05-01T00:00:00Z'),
} as const;

export const oids = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  country: '2.5.4.6',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  crlNumber: '2.5.29.20',
  documentSigning: '1.3.6.1.5.5.7.3.36',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  sha256: '2.16.840.1.101.3.4.2.1',
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  timestampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  adobeRevocationInfoArchival: '1.2.840.113583.1.1.8',
  testTimestampPolicy: '1.3.6.1.4.1.55555.1.1',
} as const;

/** Key usage bits as the first byte of the BIT STRING (RFC 5280 4.2.1.3). */
export const keyUsage = {
  digitalSignature: 0x80,
  nonRepudiation: 0x40,
  keyEncipherment: 0x20,
  keyAgreement: 0x08,
  keyCertSign: 0x04,
  cRLSign: 0x02,
} as const;

export interface Party {
  readonly certificate: pkijs.Certificate;
  readonly der: Uint8Array;
  readonly keys: CryptoKeyPair;
}

export interface TestPki {
  readonly root: Party;
  readonly intermediate: Party;
  /** "Registrar, Test University": the one who signs transcripts. */
  readonly registrar: Party;
  /** Same name, validity ended before the signing date. */
  readonly expiredRegistrar: Party;
  /** Same name, key usage keyAgreement only. */
  readonly keyAgreementRegistrar: Party;
  /** Same name, listed on the CRL. */
  readonly revokedRegistrar: Party;
  /** A self-made "Registrar, Test University", chained to nothing CTS trusts. */
  readonly selfSignedRegistrar: Party;
  readonly tsa: Party;
  /** The issuing CA's CRL, covering the signing date, listing the revoked registrar. */
  readonly crl: Uint8Array;
  readonly trust: TrustList;
}

let cached: Promise<TestPki> | undefined;

/** The corpus PKI, generated once per test process. */
export function testPki(): Promise<TestPki> {
  cached ??= generatePki();
  return cached;
}

export const toBytes = (buffer: ArrayBuffer | ArrayBufferView) =>
  buffer instanceof ArrayBuffer
    ? new Uint8Array(buffer)
    : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

const arrayBufferOf = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

function name(commonName: string, organization = 'Test University'): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({
        type: oids.country,
        value: new asn1js.PrintableString({ value: 'HK' }),
      }),
      new pkijs.AttributeTypeAndValue({
        type: oids.organization,
        value: new asn1js.Utf8String({ value: organization }),
      }),
      new pkijs.AttributeTypeAndValue({
        type: oids.commonName,
        value: new asn1js.Utf8String({ value: commonName }),
      }),
    ],
  });
}

let serial = 0x1000;
/** Distinct positive serial numbers, as a CA assigns them. */
const nextSerial = () => new asn1js.Integer({ value: serial++ });

interface CertificateRequest {
  subject: string;
  organization?: string;
  issuer?: Party;
  notBefore: string;
  notAfter: string;
  ca?: { pathLength?: number };
  usage: number;
  extendedUsage?: string[];
}

async function keyIdentifier(publicKey: pkijs.PublicKeyInfo): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-1', arrayBufferOf(publicKey.subjectPublicKey.valueBlock.valueHexView));
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

async function issue(request: CertificateRequest): Promise<Party> {
  const keys = (await crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = nextSerial();
  certificate.subject = name(request.subject, request.organization);
  certificate.issuer = request.issuer ? request.issuer.certificate.subject : certificate.subject;
  certificate.notBefore.value = new Date(request.notBefore);
  certificate.notAfter.value = new Date(request.notAfter);
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey);
  const extensions: pkijs.Extension[] = [];
  if (request.ca)
    extensions.push(
      extension(
        oids.basicConstraints,
        true,
        new pkijs.BasicConstraints({ cA: true, pathLenConstraint: request.ca.pathLength }).toSchema(),
      ),
    );
  extensions.push(
    extension(
      oids.keyUsage,
      true,
      new asn1js.BitString({ valueHex: new Uint8Array([request.usage]).buffer, unusedBits: 1 }),
    ),
  );
  if (request.extendedUsage)
    extensions.push(
      extension(
        oids.extKeyUsage,
        request.extendedUsage.includes(oids.timeStamping),
        new pkijs.ExtKeyUsage({ keyPurposes: request.extendedUsage }).toSchema(),
      ),
    );
  extensions.push(
    extension(
      oids.subjectKeyIdentifier,
      false,
      new asn1js.OctetString({ valueHex: await keyIdentifier(certificate.subjectPublicKeyInfo) }),
    ),
  );
  const issuerKeyInfo = request.issuer?.certificate.subjectPublicKeyInfo ?? certificate.subjectPublicKeyInfo;
  extensions.push(
    extension(
      oids.authorityKeyIdentifier,
      false,
      new pkijs.AuthorityKeyIdentifier({
        keyIdentifier: new asn1js.OctetString({ valueHex: await keyIdentifier(issuerKeyInfo) }),
      }).toSchema(),
    ),
  );
  certificate.extensions = extensions;
  await certificate.sign(request.issuer?.keys.privateKey ?? keys.privateKey, 'SHA-256');
  const der = toBytes(certificate.toSchema(true).toBER(false));
  // Re-read from DER, as a verifier will: the object then carries its encoded TBS.
  return { certificate: pkijs.Certificate.fromBER(arrayBufferOf(der)), der, keys };
}

async function generatePki(): Promise<TestPki> {
  const root = await issue({
    subject: 'Test University Root CA',
    notBefore: '2024-01-01T00:00:00Z',
    notAfter: '2036-01-01T00:00:00Z',
    ca: {},
    usage: keyUsage.keyCertSign | keyUsage.cRLSign,
  });
  const intermediate = await issue({
    subject: 'Test University Issuing CA',
    issuer: root,
    notBefore: '2024-01-01T00:00:00Z',
    notAfter: '2032-01-01T00:00:00Z',
    ca: { pathLength: 0 },
    usage: keyUsage.keyCertSign | keyUsage.cRLSign,
  });
  const registrarRequest = {
    subject: 'Registrar',
    issuer: intermediate,
    notBefore: '2025-01-01T00:00:00Z',
    notAfter: '2028-01-01T00:00:00Z',
    usage: keyUsage.digitalSignature | keyUsage.nonRepudiation,
    extendedUsage: [oids.documentSigning],
  };
  const registrar = await issue(registrarRequest);
  const expiredRegistrar = await issue({
    ...registrarRequest,
    notBefore: '2024-01-01T00:00:00Z',
    notAfter: '2025-06-30T00:00:00Z',
  });
  const keyAgreementRegistrar = await issue({ ...registrarRequest, usage: keyUsage.keyAgreement });
  const revokedRegistrar = await issue(registrarRequest);
  const selfSignedRegistrar = await issue({ ...registrarRequest, issuer: undefined });
  const tsa = await issue({
    subject: 'Test University Timestamping Authority',
    issuer: intermediate,
    notBefore: '2024-01-01T00:00:00Z',
    notAfter: '2032-01-01T00:00:00Z',
    usage: keyUsage.digitalSignature,
    extendedUsage: [oids.timeStamping],
  });
  const crl = await issueCrl(intermediate, [revokedRegistrar]);
  const trust: TrustList = {
    institutionId: 'test-university',
    certificates: [
      {
        anchorId: 'test-university-root-2024',
        label: 'Test University Root CA',
        certificateDer: Buffer.from(root.der).toString('base64'),
        validFrom: '2024-01-01T00:00:00Z',
        validTo: '2036-01-01T00:00:00Z',
      },
    ],
    issuerKeys: [],
  };
  return {
    root,
    intermediate,
    registrar,
    expiredRegistrar,
    keyAgreementRegistrar,
    revokedRegistrar,
    selfSignedRegistrar,
    tsa,
    crl,
    trust,
  };
}

async function issueCrl(issuer: Party, revoked: Party[]): Promise<Uint8Array> {
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.issuer = issuer.certificate.subject;
  crl.thisUpdate = new pkijs.Time({ type: 0, value: corpusDates.crlThisUpdate });
  crl.nextUpdate = new pkijs.Time({ type: 0, value: corpusDates.crlNextUpdate });
  crl.revokedCertificates = revoked.map(
    (party) =>
      new pkijs.RevokedCertificate({
        userCertificate: party.certificate.serialNumber,
        revocationDate: new pkijs.Time({ type: 0, value: corpusDates.revokedOn }),
      }),
  );
  crl.crlExtensions = new pkijs.Extensions({
    extensions: [extension(oids.crlNumber, false, new asn1js.Integer({ value: 7 }))],
  });
  await crl.sign(issuer.keys.privateKey, 'SHA-256');
  return toBytes(crl.toSchema(true).toBER(false));
}

/**
 * An RFC 3161 time-stamp token (a SignedData over TSTInfo) by the test TSA, imprinting the SHA-256
 * of `data`: the signature value for a signature timestamp, the signed ranges for a document one.
 */
export async function timestampToken(
  pki: TestPki,
  data: Uint8Array,
  genTime: Date,
  crls: Uint8Array[] = [],
): Promise<pkijs.ContentInfo> {
  const imprint = await crypto.subtle.digest('SHA-256', arrayBufferOf(data));
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: oids.testTimestampPolicy,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: oids.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: imprint }),
    }),
    serialNumber: nextSerial(),
    genTime,
  });
  const tstDer = tstInfo.toSchema().toBER(false);
  const signedData = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: oids.tstInfo,
      eContent: new asn1js.OctetString({ valueHex: tstDer }),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: pki.tsa.certificate.issuer,
          serialNumber: pki.tsa.certificate.serialNumber,
        }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({
              type: oids.contentType,
              values: [new asn1js.ObjectIdentifier({ value: oids.tstInfo })],
            }),
            new pkijs.Attribute({
              type: oids.messageDigest,
              values: [new asn1js.OctetString({ valueHex: await crypto.subtle.digest('SHA-256', tstDer) })],
            }),
          ],
        }),
      }),
    ],
    certificates: [pki.tsa.certificate, pki.intermediate.certificate],
    crls:
      crls.length > 0
        ? crls.map((der) => pkijs.CertificateRevocationList.fromBER(arrayBufferOf(der)))
        : undefined,
  });
  await signedData.sign(pki.tsa.keys.privateKey, 0, 'SHA-256');
  return new pkijs.ContentInfo({ contentType: oids.signedData, content: signedData.toSchema(true) });
}

export interface CmsOptions {
  /** The signer; its issuing CA's certificate travels with it unless it is self-signed. */
  signer: Party;
  signingTime?: Date;
  /** Embed the CRL in an Adobe revocationInfoArchival signed attribute. */
  crl?: Uint8Array;
  /** Add an RFC 3161 signature timestamp at this time. */
  timestampAt?: Date;
}

/** A detached CMS SignedData over `data`, as a PAdES signer writes it into /Contents. */
export async function detachedCms(pki: TestPki, data: Uint8Array, options: CmsOptions): Promise<Uint8Array> {
  const { signer } = options;
  const attributes = [
    new pkijs.Attribute({
      type: oids.contentType,
      values: [new asn1js.ObjectIdentifier({ value: oids.data })],
    }),
  ];
  if (options.signingTime)
    attributes.push(
      new pkijs.Attribute({
        type: oids.signingTime,
        values: [new asn1js.UTCTime({ valueDate: options.signingTime })],
      }),
    );
  attributes.push(
    new pkijs.Attribute({
      type: oids.messageDigest,
      values: [
        new asn1js.OctetString({ valueHex: await crypto.subtle.digest('SHA-256', arrayBufferOf(data)) }),
      ],
    }),
  );
  if (options.crl)
    attributes.push(
      new pkijs.Attribute({
        type: oids.adobeRevocationInfoArchival,
        values: [
          new asn1js.Sequence({
            value: [
              new asn1js.Constructed({
                idBlock: { tagClass: 3, tagNumber: 0 },
                value: [new asn1js.Sequence({ value: [asn1js.fromBER(options.crl).result] })],
              }),
            ],
          }),
        ],
      }),
    );
  const selfSigned = signer.certificate.subject.isEqual(signer.certificate.issuer);
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: oids.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: signer.certificate.issuer,
          serialNumber: signer.certificate.serialNumber,
        }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
      }),
    ],
    certificates: selfSigned ? [signer.certificate] : [signer.certificate, pki.intermediate.certificate],
  });
  await signedData.sign(signer.keys.privateKey, 0, 'SHA-256');
  const signerInfo = signedData.signerInfos[0];
  if (options.timestampAt && signerInfo) {
    const token = await timestampToken(
      pki,
      signerInfo.signature.valueBlock.valueHexView,
      options.timestampAt,
    );
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: oids.timestampToken, values: [token.toSchema()] })],
    });
  }
  return toBytes(
    new pkijs.ContentInfo({ contentType: oids.signedData, content: signedData.toSchema(true) })
      .toSchema()
      .toBER(false),
  );
}
