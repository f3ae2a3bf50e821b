import { describe, expect, it } from 'vitest';
import { toS3EventRecord } from '../../local/s3.js';

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
});
