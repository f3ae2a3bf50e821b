import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.js';

// SES for every notification: the sender identity (the address itself, or its domain with Easy DKIM
// whose DNS records are output) and a configuration set that turns on reputation metrics and
// suppresses bounced and complaining recipients.
export class Mail extends Construct {
  readonly from: string;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetArn: string;
  /** Every SES identity of the account and region: what ses:SendEmail is authorized against. */
  readonly identitiesArn: string;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    const { mail, stage } = props.config;
    this.from = mail.from;
    const stack = Stack.of(this);

    const configurationSetName = `cts-${stage}`;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      // Mails carry action links, which are bearer secrets until used: never send them in clear text.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.configurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: configurationSetName,
    });
    this.identitiesArn = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' });

    const domain = mail.from.split('@')[1] ?? mail.from;
    const identity = new ses.EmailIdentity(this, 'Identity', {
      identity: mail.identity === 'domain' ? ses.Identity.domain(domain) : ses.Identity.email(mail.from),
      configurationSet: this.configurationSet,
    });
    if (mail.identity === 'domain') {
      identity.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `DkimRecord${i + 1}`, {
          description: `CNAME to publish for ${domain} (SES Easy DKIM)`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    }
  }
}
