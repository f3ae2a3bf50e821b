// ARO's triage through the admin API: a decision on the review's first human step. (Department
// reviewers decide through their links, served by the human-step module: human-steps/use-cases/links.ts
// with the review's declarations, human-steps/steps.ts.)
//
// triageMapping — Input: the ref, the staff member, route / need-info (with the note the student
//   sees) / duplicate (of which mapping). Output: the decision recorded with its audit event and
//   handed to the workflow, or a 409 when the request is not awaiting triage or was triaged
//   meanwhile (then nothing is recorded).
import { ConflictError, NotFoundError, ValidationError } from '../../commons/errors.js';
import { type DecideDeps, decideStep } from '../../human-steps/use-cases/decide.js';
import type { Mapping } from '../../mappings/entities/mapping.js';
import type { TriageDecision } from '../human-steps/decisions.js';
import { aroTriageStep, type MappingReviewSteps, mappingSubject } from '../human-steps/steps.js';

export type { DocumentLinks } from '../human-steps/steps.js';

export type TriageAction = 'route' | 'need-info' | 'duplicate';

export interface TriageInput {
  action: TriageAction;
  /** Shown to the student: what to provide (need-info). */
  note?: string;
  duplicateOf?: string;
  /** ARO only. */
  internalNote?: string;
}

export interface TriageDeps extends DecideDeps {
  mappings: { getMapping(ref: string): Promise<Mapping | undefined> };
  declared: Pick<MappingReviewSteps, 'aroTriage'>;
}

export async function triageMapping(
  deps: TriageDeps,
  ref: string,
  staff: { staffId: string; name: string },
  input: TriageInput,
): Promise<{ ref: string; triage: TriageAction }> {
  const mapping = await deps.mappings.getMapping(ref);
  if (!mapping) throw new NotFoundError(`No mapping ${ref}`);
  const awaited = await deps.store.getAwaited(mappingSubject(ref), aroTriageStep);
  if (!awaited || awaited.decisionId) {
    throw new ConflictError(`Mapping ${ref} is ${mapping.status}: it is not awaiting triage`);
  }
  const decidedBy = `ARO (${staff.name || staff.staffId})`;
  let decision: TriageDecision;
  switch (input.action) {
    case 'route':
      decision = { outcome: 'Routed', decidedBy };
      break;
    case 'need-info': {
      const note = input.note?.trim();
      if (!note) throw ValidationError.of('body.note', 'say what information the student should provide');
      decision = { outcome: 'Need Further Info', note, decidedBy };
      break;
    }
    case 'duplicate': {
      const original = input.duplicateOf;
      if (!original) throw ValidationError.of('body.duplicateOf', 'name the mapping this request duplicates');
      if (original === ref) throw ValidationError.of('body.duplicateOf', 'a mapping cannot duplicate itself');
      if (!(await deps.mappings.getMapping(original)))
        throw ValidationError.of('body.duplicateOf', `there is no mapping ${original}`);
      decision = {
        outcome: 'Denied',
        reason: `Closed as a duplicate of ${original}. Use Notify Me on ${original} to follow it.`,
        decidedBy,
        duplicateOf: original,
      };
      break;
    }
  }
  const internalNote = input.internalNote?.trim();
  await decideStep(deps, deps.declared.aroTriage, {
    subject: mappingSubject(ref),
    stepId: aroTriageStep,
    decision,
    actor: decidedBy,
    ...(internalNote ? { internalNote } : {}),
  });
  return { ref, triage: input.action };
}
