import { useEffect, useState } from 'preact/hooks';
import type { Output } from './api';
import { useApp } from './context';

// The guide's §6 contacts, as every page's footer shows them: read once per visit, not once per page
// (the Help page reads them afresh). A failed read is forgotten, so the next page tries again.

export type HelpContacts = Output<'getHelpContacts'>;

let read: Promise<HelpContacts> | undefined;

/** The contacts once read; undefined while reading, or when they could not be read. */
export function useFooterContacts(): HelpContacts | undefined {
  const { api } = useApp();
  const [contacts, setContacts] = useState<HelpContacts>();
  useEffect(() => {
    let mounted = true;
    read ??= api.call('getHelpContacts');
    read.then(
      (c) => mounted && setContacts(c),
      () => {
        read = undefined;
      },
    );
    return () => {
      mounted = false;
    };
  }, [api]);
  return contacts;
}

/** A phone number as the guide writes it (34693173), dialable from abroad too: tel:+85234693173. */
export const telHref = (phone: string): string => `tel:+852${phone.replace(/\D/g, '')}`;
