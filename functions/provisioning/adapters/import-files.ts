import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { ImportFiles, PresignedPost } from '../use-cases/record-import.js';

// The offices' CSV files in the uploads bucket, under `imports/`: posted with a presigned form whose
// policy pins the key, the size range and the content type; read back as a stream, never whole.

const postValidSeconds = 15 * 60;
export const importContentType = 'text/csv';

export class S3ImportFiles implements ImportFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  presignPost(key: string, maxBytes: number): Promise<PresignedPost> {
    return createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: key,
      Conditions: [
        ['content-length-range', 1, maxBytes],
        ['eq', '$Content-Type', importContentType],
      ],
      Fields: { 'Content-Type': importContentType },
      Expires: postValidSeconds,
    });
  }

  async open(key: string): Promise<{ sizeBytes: number; chunks: AsyncIterable<Uint8Array> } | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const body = object.Body as AsyncIterable<Uint8Array> | undefined;
      if (!body) return undefined;
      return { sizeBytes: object.ContentLength ?? 0, chunks: body };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
