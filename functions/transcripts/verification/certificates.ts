import { Certificate } from 'pkijs';

// What ARO is shown of a certificate it adds to a trust list, read from the certificate itself.

const names: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
};

export interface CertificateFacts {
  subject: string;
  notBefore: string;
  notAfter: string;
}

/** The certificate's subject and validity, or undefined when the bytes are not an X.509 certificate. */
export function readCertificate(der: Uint8Array): CertificateFacts | undefined {
  try {
    const certificate = Certificate.fromBER(new Uint8Array(der));
    const subject = certificate.subject.typesAndValues
      .map((tv) => `${names[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value)}`)
      .join(', ');
    return {
      subject,
      notBefore: certificate.notBefore.value.toISOString(),
      notAfter: certificate.notAfter.value.toISOString(),
    };
  } catch {
    return undefined;
  }
}
