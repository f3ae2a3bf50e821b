import { type Keys, type StoredItem, withoutKeys } from '../../store/item.js';
import { type ContactDetails, guideContacts } from '../domain/guide-contacts.js';

/**
 * The §6 contacts: one item, replaced as a whole under a version check, each change audited under
 * the same partition (`AUDIT#CONTACTS#…`). Version 0 is the guide's, before any item exists.
 */
export interface StoredHelpContacts extends ContactDetails {
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

export const helpPk = 'HELP';
export const helpContactsSubject = 'CONTACTS';

export const HelpContactsEntity = {
  type: 'HelpContacts',
  key: (): Keys => ({ pk: helpPk, sk: helpContactsSubject }),
  /** What is read while nothing is stored: the guide's contacts, never changed. */
  asInTheGuide: (): StoredHelpContacts => ({ ...structuredClone(guideContacts), version: 0 }),
  toItem: (c: StoredHelpContacts): StoredItem => ({
    ...HelpContactsEntity.key(),
    type: HelpContactsEntity.type,
    ...c,
  }),
  fromItem: (item: Record<string, unknown>): StoredHelpContacts => withoutKeys<StoredHelpContacts>(item),
};
