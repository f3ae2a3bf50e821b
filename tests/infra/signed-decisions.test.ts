import type { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FunctionName, functionCatalog } from '../../functions/catalog.js';
import { type CtsApp, createApp } from './support.js';

// Given each stage synthesized as `cdk synth` would, when the decision signing key is inspected,
// then it is an ECC_NIST_P256 SIGN_VERIFY key kept with the data (retained in prod, since every
// decision handed out is verified against it), usable for kms:Sign and kms:GetPublicKey by the
// signed-decisions function alone, which is told the key and its issuer.

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

describe.each(['prod', 'dev'] as const)('the decision signing key (%s)', (stage) => {
  let cts: CtsApp;
  let stateful: Record<string, Resource>;
  let stateless: Record<string, Resource>;

  beforeAll(() => {
    cts = createApp(stage);
    stateful = Template.fromStack(cts.stateful).toJSON().Resources;
    stateless = Template.fromStack(cts.stateless).toJSON().Resources;
  });

  const keys = () => Object.values(stateful).filter((r) => r.Type === 'AWS::KMS::Key');
  const policyOf = (name: FunctionName): Statement[] => {
    const fn = cts.stateless.functions[name];
    const roleId = cts.stateless.getLogicalId(fn.role?.node.defaultChild as CfnResource);
    return Object.values(stateless)
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          JSON.stringify((r.Properties as { Roles: unknown }).Roles).includes(`"${roleId}"`),
      )
      .flatMap(
        (p) => (p.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement,
      );
  };
  const kmsStatements = (name: FunctionName) =>
    policyOf(name).filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:')));

  it('is an asymmetric P-256 signing key in the stateful stack, with an alias, exported to the stateless one', () => {
    expect(keys()).toHaveLength(1);
    expect(keys()[0]?.Properties).toMatchObject({
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
    });
    expect(keys()[0]?.DeletionPolicy).toBe(stage === 'prod' ? 'Retain' : 'Delete');
    const alias = Object.values(stateful).find((r) => r.Type === 'AWS::KMS::Alias');
    expect(alias?.Properties.AliasName).toBe(`alias/cts-${stage}-decision-signing`);
  });

  it('may sign and give its public key to the signed-decisions function, on that key only', () => {
    const statements = kmsStatements('signed-decisions-api');
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Effect).toBe('Allow');
    expect([statements[0]?.Action].flat().sort()).toEqual(['kms:GetPublicKey', 'kms:Sign']);
    expect(statements[0]?.Resource).toEqual({
      'Fn::ImportValue': `Cts-${stage}-Stateful-decisionSigningKeyArn`,
    });
  });

  it('is reachable by no other function', () => {
    const others = (Object.keys(functionCatalog) as FunctionName[]).filter(
      (n) => n !== 'signed-decisions-api',
    );
    for (const name of others) expect(kmsStatements(name), name).toEqual([]);
  });

  it('is named to the function with KMS as its signer and the stage as its issuer', () => {
    const fn = cts.stateless.functions['signed-decisions-api'];
    const id = cts.stateless.getLogicalId(fn.node.defaultChild as CfnResource);
    const environment = stateless[id]?.Properties.Environment as { Variables?: Record<string, unknown> };
    const variables = environment?.Variables;
    expect(variables).toMatchObject({
      DECISION_SIGNER: 'kms',
      DECISION_SIGNING_KEY_ID: { 'Fn::ImportValue': `Cts-${stage}-Stateful-decisionSigningKeyArn` },
      DECISION_ISSUER: `hkust-cts:${stage}`,
    });
  });
});
