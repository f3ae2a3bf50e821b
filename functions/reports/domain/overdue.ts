import type { LadderDays } from '../../human-steps/domain/steps.js';

// Where a waiting human step stands on its ladder (the workflow's reminder and escalation days):
// past the reminder it is overdue, past the escalation it has been escalated to ARO.

export type WaitStanding = 'waiting' | 'overdue' | 'escalated';

const dayMs = 86_400_000;

export function waitStanding(since: string, now: Date, ladder: LadderDays): WaitStanding {
  const days = (now.getTime() - Date.parse(since)) / dayMs;
  if (days >= ladder.escalateAfterDays) return 'escalated';
  if (days >= ladder.reminderAfterDays) return 'overdue';
  return 'waiting';
}

export const waitingDays = (since: string, now: Date): number =>
  Math.max(0, (now.getTime() - Date.parse(since)) / dayMs);
