// The single table's shape: one definition read by the CDK stateful stack and by the local runtime,
// so the GSIs that code queries locally are exactly the ones deployed.

export interface IndexDefinition {
  /** Index name, named by the access pattern it serves. */
  name: string;
  partitionKey: string;
  sortKey: string;
}

export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  /**
   * The table's change stream feeds the outbox dispatcher (outbox items' inserts). New images only:
   * a delivery needs the item as written, never what it replaced.
   */
  stream: 'NEW_IMAGE',
  indexes: [
    // Institutions A-Z, home courses by subject area, mappings by institution: lists under a shared key.
    { name: 'byCollection', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    // Items of a single owner across partitions (a student's uploads by id, a reviewer's pending
    // actions, the outbox's pending items).
    { name: 'byOwner', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const satisfies {
  partitionKey: string;
  sortKey: string;
  timeToLiveAttribute: string;
  stream: 'NEW_IMAGE';
  indexes: readonly IndexDefinition[];
};

export type IndexName = (typeof tableDefinition.indexes)[number]['name'];
