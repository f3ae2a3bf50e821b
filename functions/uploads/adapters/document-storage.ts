import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DocumentLinks } from '../../reviews/use-cases/review-actions.js';
import type { DocumentStorage, PresignedPost } from '../use-cases/uploads.js';

const postExpirySeconds = 15 * 60;
// What a reviewer's confirmation page links to: long enough to read, too short to be worth leaking.
const getExpirySeconds = 15 * 60;

export class S3DocumentStorage implements DocumentStorage, DocumentLinks {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async presignPost(key: string, maxBytes: number, contentType: string): Promise<PresignedPost> {
    // The policy, not the browser, enforces the size cap and the exact key.
    return createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: key,
      Conditions: [
        ['content-length-range', 1, maxBytes],
        ['eq', '$Content-Type', contentType],
      ],
      Fields: { 'Content-Type': contentType },
      Expires: postExpirySeconds,
    });
  }

  async read(key: string, maxBytes: number): Promise<{ head: Uint8Array; totalBytes: number } | undefined> {
    try {
      // A bounded read: however large the object, the hook never holds more than maxBytes + 1.
      const object = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${maxBytes}` }),
      );
      if (!object.Body) return undefined;
      const head = await object.Body.transformToByteArray();
      // "bytes 0-10485760/11534336": the total follows the slash.
      const totalBytes = Number(object.ContentRange?.split('/')[1] ?? head.byteLength);
      return { head, totalBytes: Number.isFinite(totalBytes) ? totalBytes : head.byteLength };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  presignedGet(key: string, fileName: string): Promise<string> {
    const safeName = fileName.replace(/["\\\r\n]/g, '_');
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
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
