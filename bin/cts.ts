// The CDK app: one stage per synth, chosen with `-c stage=dev|prod` (dev when absent).
//   npm run synth                      (builds dist/, then cdk synth --quiet)
//   npx cdk deploy --all -c stage=prod
import { App } from 'aws-cdk-lib';
import { addCtsStacks } from '../lib/app.js';
import { stageConfig } from '../lib/config.js';
import { applyNagPacks } from '../lib/nag.js';

const app = new App();
addCtsStacks(app, stageConfig(app.node.tryGetContext('stage')));
applyNagPacks(app);
