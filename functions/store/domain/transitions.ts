import { ConflictError } from '../../commons/errors.js';

// Transition tables: pure, so every entity's domain declares its own beside its statuses and the
// use cases and the state-change writer (state-change.ts) check the same table.

/** Which status may follow which; a status missing from a list can never follow it. */
export interface TransitionTable<S extends string> {
  /** What the table's entity is called in messages ("Mapping", "Application"). */
  entity: string;
  /** Statuses an entity may be created in. */
  initial: readonly S[];
  allowed: Readonly<Record<S, readonly S[]>>;
}

/** A status change the entity's transition table does not allow: a 409 naming both ends. */
export class IllegalTransitionError extends ConflictError {
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly from: string | undefined,
    readonly to: string,
  ) {
    super(
      from === undefined
        ? `${entity} ${id} cannot be created as ${to}`
        : `${entity} ${id} is ${from}; it cannot become ${to}`,
    );
  }
}

/**
 * Whether `to` may follow `from` (`undefined`: creation). Keeping the status is an edit of the
 * entity, not a transition, and is always allowed.
 */
export function canTransition<S extends string>(
  table: TransitionTable<S>,
  from: S | undefined,
  to: S,
): boolean {
  if (from === undefined) return table.initial.includes(to);
  return from === to || table.allowed[from].includes(to);
}

export function assertTransition<S extends string>(
  table: TransitionTable<S>,
  id: string,
  from: S | undefined,
  to: S,
): void {
  if (!canTransition(table, from, to)) throw new IllegalTransitionError(table.entity, id, from, to);
}
