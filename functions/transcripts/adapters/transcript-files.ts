import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { verifiedUploadsPrefix } from '../../catalog.js';
import { S3DocumentStorage } from '../../uploads/adapters/document-storage.js';
import { transcriptFileKinds } from '../contracts.js';
import type { StoredFiles } from '../use-cases/check-transcript.js';
import type { TranscriptFiles } from '../use-cases/transcripts.js';

// A transcript is personal data: a download link lives minutes, names the exact object version the
// hook pinned, and is always an attachment (a credential's JSON or a PDF is never rendered inline
// from the bucket's origin).
const downloadExpirySeconds = 5 * 60;

export class S3TranscriptFiles extends S3DocumentStorage implements TranscriptFiles, StoredFiles {
  async presignDownload(key: string, versionId: string | undefined, fileName: string) {
    if (!key.startsWith(verifiedUploadsPrefix)) throw new Error(`Only pinned copies are served, not ${key}`);
    const safeName = fileName.replace(/[^\p{L}\p{N} ._()-]/gu, '_');
    const url = await getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ...(versionId ? { VersionId: versionId } : {}),
        ResponseContentType: key.endsWith('.json') ? transcriptFileKinds.json : transcriptFileKinds.pdf,
        ResponseContentDisposition: `attachment; filename="${safeName}"`,
      }),
      { expiresIn: downloadExpirySeconds },
    );
    return { url, expiresAt: new Date(Date.now() + downloadExpirySeconds * 1000).toISOString() };
  }
}
