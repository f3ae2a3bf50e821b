// ECDSA signatures come in two encodings: ASN.1 DER (`SEQUENCE { INTEGER r, INTEGER s }`, what KMS
// and OpenSSL answer) and JOSE's raw r||s, each integer left-padded to the curve's size (RFC 7518
// §3.4). A DER integer is signed, so a leading 0x00 keeps a high bit positive; it is dropped here.

function readLength(der: Uint8Array, at: number): { length: number; next: number } {
  const first = der[at];
  if (first === undefined) throw new Error('ECDSA signature: truncated DER');
  if (first < 0x80) return { length: first, next: at + 1 };
  const bytes = first & 0x7f;
  if (bytes !== 1) throw new Error('ECDSA signature: DER length out of range');
  const length = der[at + 1];
  if (length === undefined || length < 0x80) throw new Error('ECDSA signature: non-minimal DER length');
  return { length, next: at + 2 };
}

function readInteger(der: Uint8Array, at: number, size: number): { value: Uint8Array; next: number } {
  if (der[at] !== 0x02) throw new Error('ECDSA signature: DER INTEGER expected');
  const { length, next } = readLength(der, at + 1);
  if (length === 0 || next + length > der.length) throw new Error('ECDSA signature: truncated DER INTEGER');
  let value = der.subarray(next, next + length);
  if ((value[0] ?? 0) & 0x80) throw new Error('ECDSA signature: negative DER INTEGER');
  while (value.length > 1 && value[0] === 0) value = value.subarray(1);
  if (value.length > size) throw new Error('ECDSA signature: DER INTEGER longer than the curve');
  return { value, next: next + length };
}

/** DER → raw r||s of `size` bytes each (32 for P-256). */
export function derToJose(der: Uint8Array, size = 32): Buffer {
  if (der[0] !== 0x30) throw new Error('ECDSA signature: DER SEQUENCE expected');
  const { length, next } = readLength(der, 1);
  if (next + length !== der.length) throw new Error('ECDSA signature: DER SEQUENCE length mismatch');
  const r = readInteger(der, next, size);
  const s = readInteger(der, r.next, size);
  if (s.next !== der.length) throw new Error('ECDSA signature: trailing bytes after DER SEQUENCE');
  const raw = Buffer.alloc(size * 2);
  raw.set(r.value, size - r.value.length);
  raw.set(s.value, size * 2 - s.value.length);
  return raw;
}
