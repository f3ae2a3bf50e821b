import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { MappingTableStore } from '../../mappings/adapters/mapping-table-store.js';
import { DraftEntity } from '../../mappings/entities/draft.js';
import { MappingEntity } from '../../mappings/entities/mapping.js';
import { TurnaroundEntity } from '../../reviews/entities/review.js';
import { batchGetAll } from '../../store/dynamo.js';
import { TranscriptEntity } from '../../transcripts/entities/transcript.js';
import { MyMappingRequestEntity, studentPk } from '../entities/student.js';
import type { MappingView, StudyRecordPage, StudyRecordReader } from '../use-cases/study-record.js';

// The Study Record and mapping pages in at most two sequential round trips: everything the path
// names is read at once (the record, its entries, its drafts and transcripts; or the mapping, its timeline and the
// student's entry), then what those name (the mappings, the departments' turnarounds).
//
// The student's own items and the mappings their entries name are read strongly consistent: a page
// opened right after a submission, a Notify Me or a Provide Info must show it. Turnarounds are a
// statistic and take the cheaper eventually consistent read.
export class DynamoStudyRecordReader extends MappingTableStore implements StudyRecordReader {
  async readStudyRecord(studentId: string, recordId: string, wholePage: boolean): Promise<StudyRecordPage> {
    const [record, linkItems, draftItems, transcriptItems] = await Promise.all([
      this.getRecord(studentId, recordId),
      this.prefixQuery(studentPk(studentId), MyMappingRequestEntity.recordPrefix(recordId)),
      wholePage ? this.prefixQuery(studentPk(studentId), DraftEntity.skPrefix(recordId)) : [],
      wholePage ? this.prefixQuery(studentPk(studentId), TranscriptEntity.skPrefix) : [],
    ]);
    const links = linkItems.map(MyMappingRequestEntity.fromItem);
    const areas = [...new Set(links.flatMap((l) => l.subjectAreas ?? []))];
    const [mappingItems, turnarounds] = await Promise.all([
      batchGetAll(
        this.db,
        this.tableName,
        links.map((l) => MappingEntity.key(l.ref)),
        { consistent: true },
      ),
      Promise.all(areas.map(async (a) => [a, await this.recentTurnarounds(a)] as const)),
    ]);
    const mappings = new Map(mappingItems.map(MappingEntity.fromItem).map((m) => [m.ref, m]));
    return {
      record,
      entries: links.flatMap((link) => {
        const mapping = mappings.get(link.ref);
        return mapping ? [{ link, mapping }] : [];
      }),
      drafts: draftItems.map(DraftEntity.fromItem),
      transcripts: transcriptItems.map(TranscriptEntity.fromItem).filter((t) => t.recordId === recordId),
      turnarounds: new Map(turnarounds),
    };
  }

  async readMapping(studentId: string, recordId: string, ref: string): Promise<MappingView> {
    const [record, mapping, link, timeline] = await Promise.all([
      this.getRecord(studentId, recordId),
      this.getMapping(ref),
      this.getItem(MyMappingRequestEntity.key(studentId, recordId, ref), MyMappingRequestEntity),
      this.timeline(ref),
    ]);
    return { record, mapping, link, timeline };
  }

  async recentTurnarounds(subjectArea: string): Promise<number[]> {
    // The latest 50: recent enough to follow a department's pace, enough for a steady median.
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk and begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': TurnaroundEntity.pk(subjectArea),
          ':prefix': TurnaroundEntity.prefix,
        },
        ScanIndexForward: false,
        Limit: 50,
      }),
    );
    return Items.map((i) => TurnaroundEntity.fromItem(i).days);
  }
}
