import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type WorkflowName, workflowCatalog } from '../../functions/catalog.js';
import { allStates, callbackStates, withStepTimings } from '../../functions/human-steps/domain/ladder.js';
import { workflowSteps } from '../../functions/workflow-steps.js';
import { stageConfig, stageNames } from '../../lib/config.js';
import { withStageTimings } from '../../lib/constructs/workflow.js';

type State = { TimeoutSeconds?: number; Parameters?: { Payload?: { phase?: string } } };
type Definition = { States: Record<string, State & Record<string, unknown>> };
const load = (name: WorkflowName) =>
  JSON.parse(readFileSync(workflowCatalog[name].file, 'utf8')) as Definition;
const day = 86_400;
const workflows = Object.keys(workflowCatalog) as WorkflowName[];
const timeoutOf = (definition: Definition, state: string) =>
  (allStates(definition).get(state) as State | undefined)?.TimeoutSeconds;

// The ladder each workflow declares for its human steps is what the ASL runs, and what CDK changes
// per stage: nothing is found by state name.
describe('human-step ladders as declared', () => {
  for (const name of workflows) {
    it(`${name}: every callback state belongs to a declared step, in the phase it declares`, () => {
      const asl = load(name);
      const declared = Object.values(workflowSteps[name]).flatMap((step) => Object.values(step.states));
      expect([...callbackStates(asl)].sort()).toEqual([...declared].sort());
      for (const step of Object.values(workflowSteps[name])) {
        for (const [phase, state] of Object.entries(step.states)) {
          expect(allStates(asl).get(state)?.Parameters, state).toMatchObject({ Payload: { phase } });
        }
      }
    });

    it(`${name}: the ASL's own TimeoutSeconds are the declared days (what the local runtime runs)`, () => {
      const asl = load(name);
      for (const step of Object.values(workflowSteps[name])) {
        expect(timeoutOf(asl, step.states.request)).toBe(step.reminderAfterDays * day);
        expect(timeoutOf(asl, step.states.reminder)).toBe(
          (step.escalateAfterDays - step.reminderAfterDays) * day,
        );
      }
    });
  }

  it('refuses a declared state that is missing from the workflow, instead of leaving a step without reminders', () => {
    const asl = load('mapping-review');
    const ladder = {
      'aro-triage': {
        ...workflowSteps['mapping-review']['aro-triage'],
        states: {
          request: 'AwaitTriage',
          reminder: 'RenamedState',
          escalation: 'AwaitTriageAfterEscalation',
        },
      },
    };
    expect(() => withStepTimings(asl, ladder as never)).toThrow(/RenamedState/);
  });
});

// Given the stage's reminder and escalation days, when the review workflow is deployed, then every
// human step reminds after N days and escalates after M, counted from the request.
describe('review timings per stage', () => {
  for (const stage of stageNames) {
    const config = stageConfig(stage);
    for (const name of workflows) {
      for (const [kind, step] of Object.entries(workflowSteps[name])) {
        const days = config.humanSteps[name]?.steps?.[kind] ?? config.humanSteps[name]?.all ?? step;
        it(`${stage} ${name} ${kind}: reminds after ${days.reminderAfterDays} days, escalates after ${days.escalateAfterDays}`, () => {
          const file = load(name);
          const asl = withStageTimings(file, name, config);
          expect(timeoutOf(asl, step.states.request)).toBe(days.reminderAfterDays * day);
          expect(timeoutOf(asl, step.states.reminder)).toBe(
            (days.escalateAfterDays - days.reminderAfterDays) * day,
          );
          // The wait after the escalation keeps the file's value; the file itself is left as it was.
          expect(timeoutOf(asl, step.states.escalation)).toBe(timeoutOf(file, step.states.escalation));
          expect(timeoutOf(asl, step.states.escalation)).toBe(30 * day);
          expect(file).toEqual(load(name));
        });
      }
    }
  }

  it('lets a stage set one step kind apart from the rest of its workflow', () => {
    const asl = withStageTimings(load('mapping-review'), 'mapping-review', {
      humanSteps: {
        'mapping-review': {
          all: { reminderAfterDays: 2, escalateAfterDays: 4 },
          steps: { 'department-review': { reminderAfterDays: 5, escalateAfterDays: 9 } },
        },
      },
    });
    expect(timeoutOf(asl, 'AwaitTriage')).toBe(2 * day);
    expect(timeoutOf(asl, 'AwaitDepartment')).toBe(5 * day);
    expect(timeoutOf(asl, 'AwaitDepartmentAfterReminder')).toBe(4 * day);
  });
});
