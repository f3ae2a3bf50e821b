import * as z from 'zod/mini';
import type { Actor } from '../commons/auth.js';
import { dynamoClient } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { ForbiddenError } from '../commons/errors.js';
import { httpApi, Reply, route } from '../commons/http.js';
import { DynamoHelpContactsStore } from '../help/adapters/help-contacts-store.js';
import { helpContracts } from '../help/contracts.js';
import { getHelpContacts, type HelpContactsDeps, putHelpContacts } from '../help/use-cases/help-contacts.js';

const config = loadConfig({ TABLE_NAME: z.string().check(z.minLength(1)) });
const deps: HelpContactsDeps = {
  store: new DynamoHelpContactsStore(dynamoClient(), config.TABLE_NAME),
  now: () => new Date(),
};

function staffIdOf(actor: Actor): string {
  if (actor.kind !== 'aro') throw new ForbiddenError('This is for ARO staff');
  return actor.staffId;
}

export const handler = httpApi('help-api', helpContracts, {
  // Every page's footer reads them: a browser may keep them a minute, so a change shows within one.
  getHelpContacts: route(
    'getHelpContacts',
    async () => new Reply(200, await getHelpContacts(deps), { 'cache-control': 'public, max-age=60' }),
  ),

  putHelpContacts: route('putHelpContacts', ({ input, actor }) =>
    putHelpContacts(deps, staffIdOf(actor), input.body),
  ),
});
