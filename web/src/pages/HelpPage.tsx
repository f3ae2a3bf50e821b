import { ErrorPanel, Loading } from '../components/Feedback';
import { InformationRequired } from '../components/InformationRequired';
import { PageLayout } from '../components/PageLayout';
import { TableScroll } from '../components/TableScroll';
import { type HelpContacts, telHref } from '../help-contacts';
import { useCall } from '../use-api';

// Help: the guide's §6 ARO Contact Information as the guide lays it out (School, Phone, ARO Enquiry
// Form; the ITSO for technical issues), and the "Information Required" texts of §4.2, §4.4 and §5.4.
// Public: a student who cannot sign in needs it most.

export function HelpPage() {
  const { resource, reload } = useCall('getHelpContacts', {});
  return (
    <PageLayout title="Help">
      <section class="card" aria-labelledby="aro-contacts-heading">
        <h2 id="aro-contacts-heading">ARO Contact Information</h2>
        {resource.state === 'loading' && <Loading what="the contacts" />}
        {resource.state === 'failed' && (
          <ErrorPanel title="The contacts could not be loaded" error={resource.error} onRetry={reload} />
        )}
        {resource.state === 'loaded' && <Contacts contacts={resource.data} />}
      </section>

      <section class="card" aria-labelledby="information-required-help-heading">
        <h2 id="information-required-help-heading">Information Required</h2>
        <InformationRequired />
        <h3>When a mapping needs further information</h3>
        <p>
          If the documents provided for mapping requests are considered not sufficient by the ARO and subject
          departments, the mappings will be returned to request for more information with mapping status “Need
          Further Info”.
        </p>
        <p>
          In My Course Mapping Requests, you can mouse over the exclamation mark next to the mapping status to
          view the details of the requested information for course mapping evaluation, and click “Provide
          Info” to provide it in pdf format. After you “Submit” the additional information documents, the
          status of the mapping will be updated to “Request Initiated”.
        </p>
        <h3>When a credit transfer application needs further information</h3>
        <p>
          “Submitted” credit transfer applications may be returned to students for clarification, provision of
          proof, etc. (application status: “Need Further Info”). In My Credit Transfer Applications, mouse
          over the exclamation mark to view the details of the requested info for your credit transfer
          application, and click “Provide Info” to provide justification and upload relevant documents to
          “Submit” the application again.
        </p>
      </section>
    </PageLayout>
  );
}

function Contacts({ contacts }: { contacts: HelpContacts }) {
  const { schools, enquiryFormUrl, technicalIssues } = contacts;
  return (
    <>
      <p>If you have any questions on the use of CTS, please contact the {contacts.team}.</p>
      <TableScroll label="ARO Contact Information">
        <table class="data-table data-table--wrap-head help-contacts" data-testid="help-contacts">
          <thead>
            <tr>
              <th scope="col">School</th>
              <th scope="col">Phone</th>
              <th scope="col">ARO Enquiry Form</th>
            </tr>
          </thead>
          <tbody>
            {schools.map((s, i) => (
              <tr key={s.school}>
                <th scope="row">{s.school}</th>
                <td>
                  <a class="help-contacts__phone" href={telHref(s.phone)}>
                    {s.phone}
                  </a>
                </td>
                {/* One form for every school, in the first row as the guide shows it. */}
                {i === 0 && (
                  <td rowSpan={schools.length}>
                    <a
                      class="help-contacts__form"
                      href={enquiryFormUrl}
                      rel="noopener noreferrer"
                      target="_blank"
                    >
                      {enquiryFormUrl}
                    </a>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p>
        For technical issues, please contact the {technicalIssues.office} (
        <a href={`mailto:${technicalIssues.email}`}>{technicalIssues.email}</a>).
      </p>
    </>
  );
}
