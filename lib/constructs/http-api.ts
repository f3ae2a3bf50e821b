import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName } from '../../functions/catalog.js';
import { type RouteDefinition, routeKey } from '../../functions/routes.js';
import type { StageConfig } from '../config.js';
import { acknowledge } from '../nag.js';

export interface HttpApiProps {
  config: StageConfig;
  routes: readonly RouteDefinition[];
  functions: Record<FunctionName, lambda.IFunction>;
  /** Cognito issuer (`https://cognito-idp.<region>.amazonaws.com/<pool id>`) and app client id. */
  jwt: { issuer: string; audience: string };
  /** The SPA's origin, the only one CORS allows. */
  webOrigin: string;
}

// The HTTP API, built from the route table and nothing else: one Lambda integration per function,
// a JWT authorizer on every `student` and `aro` route (group membership is checked by the handler,
// from cognito:groups), none on `public` routes.
export class HttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  /** Base URL without a trailing slash, so `${url}/students/me/dashboard` is a valid URL. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const { config, routes, functions, jwt, webOrigin } = props;

    const methods = [...new Set(routes.map((r) => r.method))];
    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: `cts-${config.stage}`,
      description: `CTS ${config.stage} HTTP API`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [webOrigin],
        allowMethods: [...methods.map((m) => apigw.CorsHttpMethod[m]), apigw.CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.logRetention,
      removalPolicy: config.data.removalPolicy,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: config.api,
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });
    this.url = this.api.apiEndpoint;

    const authorizer = new HttpJwtAuthorizer('CognitoJwt', jwt.issuer, {
      jwtAudience: [jwt.audience],
      identitySource: ['$request.header.Authorization'],
    });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationOf = (fn: FunctionName): HttpLambdaIntegration => {
      let integration = integrations.get(fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${fn}-integration`, functions[fn]);
        integrations.set(fn, integration);
      }
      return integration;
    };

    for (const route of routes) {
      const isPublic = route.auth === 'public';
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: integrationOf(route.fn),
        authorizer: isPublic ? new apigw.HttpNoneAuthorizer() : authorizer,
      });
      if (isPublic && httpRoute) {
        acknowledge(httpRoute, {
          'AwsSolutions-APIG4': `${routeKey(route)} (${route.operation}) is public in the route table by design.`,
        });
      }
    }
  }
}
