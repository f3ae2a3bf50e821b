import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../lib/config.js';
import { withReviewTimings } from '../../lib/constructs/workflow.js';

type State = { TimeoutSeconds?: number; ItemProcessor?: { States: Record<string, State> } };
const load = () =>
  JSON.parse(readFileSync('workflows/mapping-review.asl.json', 'utf8')) as { States: Record<string, State> };
const day = 86_400;

// Given the stage's reminder and escalation days, when the review workflow is deployed, then every
// human step reminds after N days and escalates after M, counted from the request.
describe('review timings per stage', () => {
  for (const stage of ['dev', 'prod'] as const) {
    it(`${stage}: reminds after ${stageConfig(stage).review.reminderAfterDays} days, escalates after ${stageConfig(stage).review.escalateAfterDays}`, () => {
      const { reminderAfterDays, escalateAfterDays } = stageConfig(stage).review;
      const asl = withReviewTimings(load(), stageConfig(stage));
      const department = asl.States.DepartmentReviews?.ItemProcessor?.States ?? {};
      for (const states of [asl.States, department]) {
        const waits = Object.entries(states).filter(([name]) => name.startsWith('Await'));
        expect(waits).toHaveLength(3);
        for (const [name, state] of waits) {
          if (name.endsWith('AfterReminder'))
            expect(state.TimeoutSeconds).toBe((escalateAfterDays - reminderAfterDays) * day);
          else if (name.endsWith('AfterEscalation')) expect(state.TimeoutSeconds).toBe(30 * day);
          else expect(state.TimeoutSeconds).toBe(reminderAfterDays * day);
        }
      }
    });
  }
});
