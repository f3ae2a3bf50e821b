import { type App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

// cdk-nag 3 runs as a CDK policy-validation plugin: an unacknowledged error fails `cdk synth` (exit 1)
// and, in tests, makes `app.synth()` throw with the report.
export function applyNagPacks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}

/**
 * Acknowledges nag rules on a construct and everything under it, each with the reason it is
 * acceptable here. cdk-nag 3 matches ids exactly: a wildcard finding is `AwsSolutions-IAM5[...]`.
 */
export function acknowledge(scope: IConstruct, reasons: Record<string, string>): void {
  for (const [id, reason] of Object.entries(reasons)) Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The AwsSolutions-IAM5 finding id for a wildcard resource, flattened the way cdk-nag flattens it
 * (`arn:<AWS::Partition>:...`, export names for imported values). Resolve only tokens whose
 * CloudFormation form is already final when this runs: literals, pseudo parameters, same-stack
 * references and explicit `Fn::ImportValue`s, not implicit cross-stack references.
 */
export function wildcardResource(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}

export const wildcardAction = (action: string): string => `AwsSolutions-IAM5[Action::${action}]`;

/**
 * Acknowledges every AwsSolutions-IAM5 finding on a role that CDK itself builds for one of its
 * helper functions (the BucketDeployment handler), whose statements we do not write. Call it once
 * the role is complete; only for CDK-managed roles, never for our own.
 */
export function acknowledgeCdkManagedWildcards(role: IConstruct, reason: string): void {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (!(policy instanceof iam.Policy)) return;
  const statements: { Effect: string; Action: string | string[]; Resource: unknown }[] =
    Stack.of(role).resolve(policy.document).Statement ?? [];
  const ids = new Set<string>();
  for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
    for (const action of [statement.Action].flat()) if (action.includes('*')) ids.add(wildcardAction(action));
    for (const resource of [statement.Resource].flat()) {
      const flat = flattenCfnReference(resource);
      if (flat.includes('*')) ids.add(`AwsSolutions-IAM5[Resource::${flat}]`);
    }
  }
  for (const id of ids) Validations.of(role).acknowledge({ id, reason });
}
