import type { StudyRecord } from '../../records/entities/student.js';
import { StudyRecordEntity } from '../../records/entities/student.js';
import { type AuditEvent, AuditEventEntity } from '../../store/audit.js';
import { TableStore } from '../../store/dynamo.js';
import { groupRefOf, type Mapping, MappingEntity, mappingGroupPk } from '../entities/mapping.js';

/** The reads every store about mappings shares: a mapping, a study record, a mapping's timeline. */
export abstract class MappingTableStore extends TableStore {
  getMapping(ref: string): Promise<Mapping | undefined> {
    return this.getItem(MappingEntity.key(ref), MappingEntity);
  }

  getRecord(studentId: string, recordId: string): Promise<StudyRecord | undefined> {
    return this.getItem(StudyRecordEntity.key(studentId, recordId), StudyRecordEntity);
  }

  /** A mapping's audit events in time order. */
  async timeline(ref: string): Promise<AuditEvent[]> {
    const items = await this.prefixQuery(mappingGroupPk(groupRefOf(ref)), AuditEventEntity.prefix(ref));
    return items.map(AuditEventEntity.fromItem);
  }
}
