/**
 * The object key of an S3 event record: S3 URL-encodes keys in events, with '+' for spaces. A key
 * that does not decode is kept as sent (it then matches nothing CTS issued, and is removed).
 */
export function objectKeyOf(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    return encoded;
  }
}
