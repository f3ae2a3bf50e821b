import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApplicationEntity } from '../../applications/entities/application.js';
import { MappingEntity } from '../../mappings/entities/mapping.js';
import { batchGetAll, queryAll } from '../../store/dynamo.js';
import type { StudentOverview } from '../domain/dashboard.js';
import { MyMappingRequestEntity, StudentEntity, StudyRecordEntity, studentPk } from '../entities/student.js';
import type { StudentOverviewReader } from '../use-cases/get-student-dashboard.js';

export class StudentRepository implements StudentOverviewReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One Query over the student's partition (records, requests, applications), then one BatchGet for the mappings the requests name. */
  async loadStudentOverview(studentId: string): Promise<StudentOverview | undefined> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': studentPk(studentId) },
    });
    const profile = items.find((i) => i.type === StudentEntity.type);
    if (!profile) return undefined;
    const records = items.filter((i) => i.type === StudyRecordEntity.type).map(StudyRecordEntity.fromItem);
    const requests = items
      .filter((i) => i.type === MyMappingRequestEntity.type)
      .map(MyMappingRequestEntity.fromItem);
    const applications = items
      .filter((i) => i.type === ApplicationEntity.type)
      .map(ApplicationEntity.fromItem);

    const refs = [...new Set(requests.map((r) => r.ref))];
    const mappings = new Map(
      (await batchGetAll(this.db, this.tableName, refs.map(MappingEntity.key)))
        .map(MappingEntity.fromItem)
        .map((m) => [m.ref, m]),
    );
    return {
      student: StudentEntity.fromItem(profile),
      records,
      applications,
      myMappingRequests: requests.flatMap((request) => {
        const mapping = mappings.get(request.ref);
        return mapping ? [{ request, mapping }] : [];
      }),
    };
  }
}
