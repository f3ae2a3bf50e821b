import { Duration, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { RouteAuth } from '../../functions/routes.js';
import type { StageConfig } from '../config.js';
import { acknowledge } from '../nag.js';

export interface AuthProps {
  config: StageConfig;
  /** The SPA's URL (`https://<cloudfront domain>/`): the only callback and sign-out target. */
  webUrl: string;
}

/**
 * The Cognito groups that route `auth` values name (`records-office` is `urao` or `ogl`); the
 * handlers check membership (functions/commons/auth.ts).
 */
export const groupNames = ['student', 'aro', 'urao', 'ogl'] as const satisfies readonly (
  | Exclude<RouteAuth, 'public' | 'records-office'>
  | 'urao'
  | 'ogl'
)[];

// Students and ARO staff sign in through the Cognito hosted UI (authorization code + PKCE, no client
// secret: the SPA is a public client). Accounts are provisioned by the registry, never self-made.
// Identity comes from the ID token: cognito:groups, custom:student_id, custom:staff_id.
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    const { config, webUrl } = props;

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `cts-${config.stage}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      // Set by the registry when it provisions an account; the app client cannot write them.
      customAttributes: {
        student_id: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
        staff_id: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: config.data.deletionProtection,
      removalPolicy: config.data.removalPolicy,
    });
    acknowledge(this.userPool, {
      'AwsSolutions-COG2':
        'MFA is optional (TOTP) so that every student can sign in; Plus-tier threat protection (enforced) covers risky sign-ins.',
    });

    for (const groupName of groupNames) {
      this.userPool.addGroup(`Group-${groupName}`, { groupName, description: `CTS ${groupName} users` });
    }

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: `${config.authDomainPrefix}-${Stack.of(this).account}` },
    });

    this.client = this.userPool.addClient('WebClient', {
      userPoolClientName: `cts-${config.stage}-web`,
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [webUrl],
        logoutUrls: [webUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('student_id', 'staff_id'),
      // Never the ids: a user who could set custom:student_id could read another student's records.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });
  }

  /** Hosted UI endpoints the SPA redirects to and exchanges codes with. */
  get endpoints(): { authorizeUrl: string; tokenUrl: string; logoutUrl: string } {
    const base = this.domain.baseUrl();
    return {
      authorizeUrl: `${base}/oauth2/authorize`,
      tokenUrl: `${base}/oauth2/token`,
      logoutUrl: `${base}/logout`,
    };
  }
}
