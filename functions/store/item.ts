// Entities own their keys: each entity module builds its pk/sk (and GSI keys) and converts to and
// from the stored item. Every item carries `type` so one Query over a partition can be told apart.

export interface Keys {
  pk: string;
  sk: string;
}

export type StoredItem = Keys & { type: string } & Record<string, unknown>;

const keyAttributes = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'type', 'expiresAt']);

/** The entity's own fields: the item without its key and index attributes. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const entity: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!keyAttributes.has(k)) entity[k] = v;
  return entity as T;
}
