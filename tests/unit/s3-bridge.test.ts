import { describe, expect, it } from 'vitest';
import { toS3EventRecord, triggersFor } from '../../local/s3.js';

describe('local S3 event bridge', () => {
  it('turns an s3rver event into the record S3 itself would send', () => {
    const record = toS3EventRecord(
      {
        eventName: 'ObjectCreated:Post',
        eventTime: '2026-01-01T00:00:00.000Z',
        s3: { bucket: { name: 'cts-local-uploads' }, object: { key: 'uploads/2019 0001/a b.pdf', size: 12 } },
      },
      'ap-east-1',
    );
    expect(record.awsRegion).toBe('ap-east-1');
    expect(record.s3.bucket.arn).toBe('arn:aws:s3:::cts-local-uploads');
    expect(record.s3.object.key).toBe('uploads/2019+0001/a+b.pdf');
    expect(record.s3.object.size).toBe(12);
  });

  it('filters events as the bucket notifications do', () => {
    // Given the catalog's upload triggers, when objects are created or removed,
    // then only new objects under an upload prefix reach the hook
    const key = 'uploads/20190001/0f3e2a1c-1111-4111-8111-111111111111.pdf';
    expect(triggersFor('ObjectCreated:Post', key).map((t) => t.fn)).toEqual(['upload-hook']);
    expect(triggersFor('ObjectRemoved:Delete', key)).toEqual([]);
    expect(triggersFor('ObjectCreated:Post', 'uploads/20190001/notes.txt')).toEqual([]);
  });

  it('never calls the hook for its own pinned copies', () => {
    const pinned = 'verified/uploads/20190001/0f3e2a1c-1111-4111-8111-111111111111.pdf';
    expect(triggersFor('ObjectCreated:Put', pinned)).toEqual([]);
    expect(triggersFor('ObjectCreated:Copy', pinned)).toEqual([]);
  });
});
