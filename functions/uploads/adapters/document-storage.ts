import {
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { verifiedUploadsPrefix } from '../../catalog.js';
import type { DocumentLinks } from '../../reviews/use-cases/review-actions.js';
import { parseUploadObjectKey, pinnedObjectKey } from '../entities/upload.js';
import { type DocumentStorage, type PresignedPost, postValidSeconds } from '../use-cases/uploads.js';

// What a reviewer's confirmation page links to: long enough to read, too short to be worth leaking.
const getExpirySeconds = 15 * 60;

/**
 * The key a document is served from: always the pinned copy of the verified bytes. Callers may name
 * the upload's own key (what a mapping document records); what students post there is never served.
 */
export function servedObjectKey(objectKey: string): string {
  if (objectKey.startsWith(verifiedUploadsPrefix)) return objectKey;
  if (parseUploadObjectKey(objectKey)) return pinnedObjectKey(objectKey);
  throw new Error(`Only verified documents are served, not ${objectKey}`);
}

export class S3DocumentStorage implements DocumentStorage, DocumentLinks {
  constructor(
    protected readonly s3: S3Client,
    protected readonly bucket: string,
  ) {}

  async presignPost(key: string, maxBytes: number, contentType: string): Promise<PresignedPost> {
    // The policy, not the browser, enforces the exact key (createPresignedPost adds it as a
    // condition), the size and the content type. The student API's role may write only the upload
    // prefixes, so no form it signs can reach a pinned copy.
    return createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: key,
      Conditions: [
        ['content-length-range', 1, maxBytes],
        ['eq', '$Content-Type', contentType],
      ],
      Fields: { 'Content-Type': contentType },
      Expires: postValidSeconds,
    });
  }

  async read(key: string, maxBytes: number): Promise<{ head: Uint8Array; totalBytes: number } | undefined> {
    let object: GetObjectCommandOutput;
    try {
      // No Range header: S3 answers a range on an empty object with 416 (and s3rver drops the
      // connection), while an empty file deserves a verdict like any other.
      object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
    const body = object.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
    if (!body) return undefined;
    // A bounded read: however large the object, the hook never holds more than maxBytes + 1.
    const chunks: Uint8Array[] = [];
    let held = 0;
    for await (const chunk of body) {
      chunks.push(chunk);
      held += chunk.byteLength;
      if (held > maxBytes) break;
    }
    body.destroy?.();
    const head = Buffer.concat(chunks).subarray(0, maxBytes + 1);
    return { head, totalBytes: Math.max(object.ContentLength ?? held, held) };
  }

  /** Answers the object version written (the bucket is versioned in AWS; the local S3 is not). */
  async pin(key: string, bytes: Uint8Array, contentType: string): Promise<{ versionId?: string }> {
    const { VersionId } = await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType }),
    );
    return VersionId ? { versionId: VersionId } : {};
  }

  presignedGet(objectKey: string, fileName: string): Promise<string> {
    const safeName = fileName.replace(/["\\\r\n]/g, '_');
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: servedObjectKey(objectKey),
        ResponseContentType: 'application/pdf',
        ResponseContentDisposition: `inline; filename="${safeName}"`,
      }),
      { expiresIn: getExpirySeconds },
    );
  }

  async remove(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
