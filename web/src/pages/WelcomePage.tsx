import { PageLayout } from '../components/PageLayout';
import { useApp } from '../context';
import { navigate } from '../router';

// Guide §1.2: the welcome page; "Start" enters the Student Dashboard, signing in first if need be.
export function WelcomePage() {
  const { user, signIn, notice } = useApp();
  const start = () => (user ? navigate('#/dashboard') : signIn('#/dashboard'));

  return (
    <PageLayout title="Welcome">
      <section class="welcome card" aria-labelledby="welcome-heading">
        <h2 id="welcome-heading">Welcome to the Credit Transfer System</h2>
        {notice && (
          <div class="alert alert--error" role="alert">
            {notice}
          </div>
        )}
        <p>
          The Credit Transfer System (CTS) lets HKUST undergraduates apply for credit transfer for courses
          taken at other institutions: tertiary qualifications obtained before admission, HKUST-organized
          study abroad and exchange, and pre-approved self-arranged study abroad.
        </p>
        <p>In the CTS you can:</p>
        <ul>
          <li>see your study records, one for each institution of your elsewhere studies;</li>
          <li>search existing course mappings, or request new ones with your course syllabi;</li>
          <li>provide further information when a reviewer asks for it;</li>
          <li>apply for credit transfer with approved mappings that are valid in your transfer term.</li>
        </ul>
        <p>
          Credit transfer applications are processed only with verified official transcripts. Please read the
          Academic Registry's guidance before you start.
        </p>
        <p class="welcome__actions">
          <button type="button" class="button button--primary button--large" onClick={start}>
            Start
          </button>
          {user && <span class="welcome__who">Signed in as {user.name}</span>}
        </p>
      </section>
    </PageLayout>
  );
}
