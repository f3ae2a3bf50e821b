import { ConflictError } from '../../functions/commons/errors.js';
import type { AwaitPhase, Subject } from '../../functions/human-steps/domain/steps.js';
import type { ActionLink } from '../../functions/human-steps/entities/action-link.js';
import type { AwaitedStep } from '../../functions/human-steps/entities/awaited-step.js';
import type { HumanStepStore, StepDecisionRecord } from '../../functions/human-steps/use-cases/ports.js';

/**
 * The human-step module's store in memory, with the conditions of the DynamoDB one: a decision
 * claims an awaited, unclaimed step and an unused link, or nothing is written.
 */
export class MemoryHumanStepStore implements HumanStepStore {
  /** By `<subject id>#<step id>`. */
  awaited = new Map<string, AwaitedStep>();
  links = new Map<string, ActionLink>();
  records: StepDecisionRecord[] = [];

  private key = (subject: Subject, stepId: string) => `${subject.id}#${stepId}`;

  async getAwaited(subject: Subject, stepId: string) {
    return this.awaited.get(this.key(subject, stepId));
  }
  async listAwaited(subject: Subject) {
    return [...this.awaited.values()].filter(
      (a) => a.subject.kind === subject.kind && a.subject.id === subject.id,
    );
  }
  async listAwaiting(stepKind: string) {
    return [...this.awaited.values()]
      .filter((a) => a.stepId.split(':')[0] === stepKind)
      .sort((a, b) => a.since.localeCompare(b.since));
  }
  async awaitStep(
    wait: { subject: Subject; stepId: string; taskToken: string; phase: AwaitPhase },
    at: string,
  ) {
    const earlier =
      wait.phase === 'request' ? undefined : this.awaited.get(this.key(wait.subject, wait.stepId));
    const awaited: AwaitedStep = { ...earlier, ...wait, since: earlier?.since ?? at };
    this.awaited.set(this.key(wait.subject, wait.stepId), awaited);
    return awaited;
  }
  /** What the workflow's next task does: the step is settled. */
  settle(subject: Subject, stepId: string) {
    this.awaited.delete(this.key(subject, stepId));
  }
  async getLink(hash: string) {
    return this.links.get(hash);
  }
  async putLink(link: ActionLink) {
    this.links.set(link.linkHash, link);
  }
  async recordDecision(r: StepDecisionRecord) {
    const awaited = this.awaited.get(this.key(r.subject, r.stepId));
    if (!awaited || awaited.decisionId) throw new ConflictError('not awaited');
    if (r.link && this.links.get(r.link.linkHash)?.usedAt) throw new ConflictError('used');
    awaited.decisionId = r.decisionId;
    if (r.link) this.links.set(r.link.linkHash, r.link);
    this.records.push(r);
  }
  async undoDecision(r: StepDecisionRecord) {
    this.records = this.records.filter((x) => x.decisionId !== r.decisionId);
    const awaited = this.awaited.get(this.key(r.subject, r.stepId));
    if (awaited?.decisionId === r.decisionId) delete awaited.decisionId;
    if (r.link) {
      const { usedAt: _u, outcome: _o, ...unused } = r.link;
      this.links.set(r.link.linkHash, unused);
    }
  }
}
