import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type FunctionName,
  functionCatalog,
  uploadTriggers,
  type WorkflowName,
  workflowCatalog,
} from '../../functions/catalog.js';
import { envNames } from '../../functions/commons/config.js';
import { type RouteDefinition, routeKey, routes } from '../../functions/routes.js';
import { stageConfig } from '../../lib/config.js';
import { projectRoot } from '../../scripts/build.js';
import { type CtsApp, createApp } from './support.js';

const functionNames = Object.keys(functionCatalog) as FunctionName[];
const workflowNames = Object.keys(workflowCatalog) as WorkflowName[];

// Given the prod stage synthesized as `cdk synth -c stage=prod` would,
// when the stateless stack's template is inspected,
// then it is exactly what the catalogs (functions, workflows, triggers) and the route table describe.
describe('stateless stack (prod)', () => {
  let cts: CtsApp;
  let template: Template;
  let resources: Record<
    string,
    {
      Type: string;
      Properties: {
        Environment?: { Variables?: Record<string, unknown> };
        StateMachineName?: string;
      } & Record<string, unknown>;
    }
  >;
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    cts.stateless.getLogicalId(construct.node.defaultChild as CfnResource);
  const functionId = (name: FunctionName) => logicalId(cts.stateless.functions[name]);

  beforeAll(() => {
    cts = createApp('prod');
    template = Template.fromStack(cts.stateless);
    resources = template.toJSON().Resources;
  });

  describe('functions', () => {
    it.each(functionNames)('%s runs its bundle on nodejs24.x, arm64, traced, logging JSON', (name) => {
      const definition = functionCatalog[name];
      expect(resources[functionId(name)]?.Properties).toMatchObject({
        Description: definition.description,
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: definition.memoryMb,
        Timeout: definition.timeoutSeconds,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: expect.anything() },
      });
      expect(resources[functionId(name)]?.Properties.Environment?.Variables?.NODE_OPTIONS).toBeUndefined();
    });

    it('are the catalog and nothing else on nodejs24.x', () => {
      const ours = Object.values(resources).filter(
        (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Runtime === 'nodejs24.x',
      );
      expect(ours).toHaveLength(functionNames.length);
    });

    it.each(functionNames)('%s gets exactly the env vars its access entry asks for', (name) => {
      const { access } = functionCatalog[name];
      const expected = [
        ...(access.table ? [envNames.tableName] : []),
        ...(access.uploads ? [envNames.uploadsBucket] : []),
        ...(access.mail ? [envNames.mailFrom, envNames.sesConfigurationSet] : []),
        ...(access.events ? [envNames.eventBusName] : []),
        ...(access.workflows ?? []).map((w) => workflowCatalog[w].arnEnv),
        ...(access.reviewLinks ? [envNames.reviewLinkBaseUrl, envNames.aroEmail] : []),
        ...(access.signing ? ['DECISION_SIGNER', 'DECISION_SIGNING_KEY_ID', 'DECISION_ISSUER'] : []),
      ];
      const variables = resources[functionId(name)]?.Properties.Environment?.Variables ?? {};
      expect(Object.keys(variables).sort()).toEqual(expected.sort());
    });

    it('point workflow ARN variables at the state machine of that name', () => {
      for (const name of functionNames) {
        for (const workflow of functionCatalog[name].access.workflows ?? []) {
          const stateMachineName =
            resources[logicalId(cts.stateless.workflows[workflow].stateMachine)]?.Properties.StateMachineName;
          const value =
            resources[functionId(name)]?.Properties.Environment?.Variables?.[
              workflowCatalog[workflow].arnEnv
            ];
          expect(JSON.stringify(value)).toContain(`:stateMachine:${stateMachineName}`);
        }
      }
    });
  });

  describe('integration events', () => {
    it('are put only by the functions whose access asks, on the integration bus alone', () => {
      const policies = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy');
      const statements = policies.flatMap(
        (p) =>
          (p.Properties as { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } })
            .PolicyDocument.Statement,
      );
      const putEvents = statements.filter((st) => [st.Action].flat().includes('events:PutEvents'));
      expect(putEvents).toHaveLength(functionNames.filter((n) => functionCatalog[n].access.events).length);
      for (const st of putEvents) expect(JSON.stringify(st.Resource)).toContain('eventBusArn');
    });
  });

  describe('HTTP API', () => {
    it('has exactly the routes of the route table', () => {
      const keys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
        (r) => r.Properties.RouteKey,
      );
      expect(keys.sort()).toEqual(routes.map(routeKey).sort());
    });

    const routeCases = (routes as readonly RouteDefinition[]).map((r) => ({ ...r, key: routeKey(r) }));
    it.each(routeCases)('$key: $auth auth, to $fn', (route) => {
      const [httpRoute] = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).filter(
        (r) => r.Properties.RouteKey === route.key,
      );
      const expectedAuth = route.auth === 'public' ? 'NONE' : 'JWT';
      expect(httpRoute?.Properties.AuthorizationType).toBe(expectedAuth);
      const integrationId = httpRoute?.Properties.Target['Fn::Join'][1][1].Ref;
      expect(resources[integrationId]?.Properties.IntegrationUri).toEqual({
        'Fn::GetAtt': [functionId(route.fn), 'Arn'],
      });
    });

    it('verifies JWTs issued by the user pool for the web client', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: {
          Issuer: { 'Fn::GetAtt': [logicalId(cts.stateless.auth.userPool), 'ProviderURL'] },
          Audience: [{ Ref: logicalId(cts.stateless.auth.client) }],
        },
      });
    });

    it('allows CORS from the web origin only, logs access and throttles the default stage', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        CorsConfiguration: Match.objectLike({
          AllowOrigins: [
            {
              'Fn::Join': [
                '',
                ['https://', { 'Fn::ImportValue': 'Cts-prod-Stateful-distributionDomainName' }],
              ],
            },
          ],
        }),
      });
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
        DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 }),
      });
    });
  });

  describe('workflows', () => {
    it.each(workflowNames)('%s is a Standard state machine logging ALL, traced', (name) => {
      const stateMachine = resources[logicalId(cts.stateless.workflows[name].stateMachine)];
      expect(stateMachine?.Properties).toMatchObject({
        StateMachineType: 'STANDARD',
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
        TracingConfiguration: { Enabled: true },
      });
    });

    it.each(workflowNames)('%s substitutes every ASL placeholder with its function ARN', (name) => {
      const definition = workflowCatalog[name];
      // Placeholders in the states only: the ASL's Comment may mention the ${syntax} in prose.
      const states = JSON.stringify(
        JSON.parse(readFileSync(join(projectRoot, definition.file), 'utf8')).States,
      );
      const placeholders = [...new Set([...states.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))];
      expect(placeholders.sort()).toEqual(Object.keys(definition.functionArns).sort());

      const substitutions =
        resources[logicalId(cts.stateless.workflows[name].stateMachine)]?.Properties.DefinitionSubstitutions;
      expect(substitutions).toEqual(
        Object.fromEntries(
          Object.entries(definition.functionArns).map(([placeholder, fn]) => [
            placeholder,
            { 'Fn::GetAtt': [functionId(fn), 'Arn'] },
          ]),
        ),
      );
    });
  });

  describe('upload triggers', () => {
    it('notify on ObjectCreated with the prefix and suffix of each trigger', () => {
      const [notifications] = Object.values(template.findResources('Custom::S3BucketNotifications'));
      const configurations = notifications?.Properties.NotificationConfiguration.LambdaFunctionConfigurations;
      expect(configurations).toHaveLength(uploadTriggers.length);
      for (const trigger of uploadTriggers) {
        expect(configurations).toContainEqual({
          Events: ['s3:ObjectCreated:*'],
          Filter: {
            Key: {
              FilterRules: expect.arrayContaining([
                { Name: 'prefix', Value: trigger.prefix },
                { Name: 'suffix', Value: trigger.suffix },
              ]),
            },
          },
          LambdaFunctionArn: { 'Fn::GetAtt': [functionId(trigger.fn), 'Arn'] },
        });
      }
      expect(notifications?.Properties.BucketName).toEqual({
        'Fn::ImportValue': 'Cts-prod-Stateful-uploadsBucketName',
      });
    });

    it.each([...new Set(uploadTriggers.map((t) => t.fn))])(
      '%s retries twice, then sends the event to an encrypted, TLS-only DLQ',
      (fn) => {
        const invokeConfig = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).find(
          (c) => c.Properties.FunctionName.Ref === functionId(fn),
        );
        expect(invokeConfig?.Properties.MaximumRetryAttempts).toBe(2);
        const queueId = invokeConfig?.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
        expect(resources[queueId]).toMatchObject({
          Type: 'AWS::SQS::Queue',
          Properties: { SqsManagedSseEnabled: true },
        });
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: queueId }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      },
    );
  });

  describe('Cognito', () => {
    it('has the groups student, aro and the records offices urao and ogl', () => {
      const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
        (g) => g.Properties.GroupName,
      );
      expect(groups.sort()).toEqual(['aro', 'ogl', 'student', 'urao']);
    });

    it('signs in by email, admin-created accounts only, with the custom id attributes', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameAttributes: ['email'],
        Schema: Match.arrayWith([
          Match.objectLike({ Name: 'student_id', AttributeDataType: 'String' }),
          Match.objectLike({ Name: 'staff_id', AttributeDataType: 'String' }),
        ]),
        Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
        UserPoolTier: 'PLUS',
      });
    });

    it('gives the SPA a public code+PKCE client that cannot write the id attributes', () => {
      const webUrl = {
        'Fn::Join': [
          '',
          ['https://', { 'Fn::ImportValue': 'Cts-prod-Stateful-distributionDomainName' }, '/'],
        ],
      };
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        GenerateSecret: false,
        AllowedOAuthFlows: ['code'],
        CallbackURLs: [webUrl],
        LogoutURLs: [webUrl],
        WriteAttributes: ['name'],
      });
      template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    });
  });

  it('has an SES configuration set and the sender identity that uses it', () => {
    const { mail } = stageConfig('prod');
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: mail.identity === 'domain' ? mail.from.split('@')[1] : mail.from,
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.anyValue() } },
    });
  });

  it('deploys the web app with a config.json holding exactly the keys the SPA reads', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { 'Fn::ImportValue': 'Cts-prod-Stateful-webBucketName' },
      DistributionId: { 'Fn::ImportValue': 'Cts-prod-Stateful-distributionId' },
      DistributionPaths: ['/*'],
    });
    const configFiles = readdirSync(cts.app.outdir)
      .map((entry) => join(cts.app.outdir, entry, 'config.json'))
      .filter((file) => existsSync(file))
      .map((file) => JSON.parse(readFileSync(file, 'utf8')));
    expect(configFiles).toHaveLength(1);
    expect(configFiles[0]).toEqual({
      apiUrl: expect.any(String),
      auth: {
        authorizeUrl: expect.stringMatching(/\/oauth2\/authorize$/),
        tokenUrl: expect.stringMatching(/\/oauth2\/token$/),
        logoutUrl: expect.stringMatching(/\/logout$/),
        clientId: expect.any(String),
        redirectUri: expect.stringMatching(/^https:\/\/.+\/$/),
      },
    });
  });

  it('outputs the API URL, web URL, user pool id and client id', () => {
    const outputs = Object.keys(template.toJSON().Outputs ?? {});
    expect(outputs).toEqual(expect.arrayContaining(['ApiUrl', 'WebUrl', 'UserPoolId', 'UserPoolClientId']));
  });
});
