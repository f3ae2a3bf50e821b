import { telHref, useFooterContacts } from '../help-contacts';
import { linkTo } from '../router';

/** Every page's footer: the guide's §6 contact points in one line each, and the way to Help. */
export function HelpFooter() {
  const contacts = useFooterContacts();
  const help = linkTo('/help');
  const verify = linkTo('/verify');
  const team = contacts?.team ?? 'Credit Transfer and Graduation Team of the Academic Registry';
  return (
    <footer class="site-footer" data-testid="site-footer">
      <p>If you have any questions on the use of CTS, please contact the {team}.</p>
      {contacts && (
        <>
          <ul class="site-footer__phones" aria-label="Phone by school">
            {contacts.schools.map((s) => (
              <li key={s.school}>
                {s.school} <a href={telHref(s.phone)}>{s.phone}</a>
              </li>
            ))}
            <li>
              <a href={contacts.enquiryFormUrl} rel="noopener noreferrer" target="_blank">
                ARO Enquiry Form
              </a>
            </li>
          </ul>
          <p>
            For technical issues, please contact the {contacts.technicalIssues.office} (
            <a href={`mailto:${contacts.technicalIssues.email}`}>{contacts.technicalIssues.email}</a>).
          </p>
        </>
      )}
      {(help || verify) && (
        <p>
          {help && <a href={help}>Help and contacts</a>}
          {help && verify && ' · '}
          {verify && <a href={verify}>Verify a signed credit transfer decision</a>}
        </p>
      )}
    </footer>
  );
}
