import { PageLayout } from '../components/PageLayout';
import { linkTo } from '../router';

export function NotFoundPage() {
  const home = linkTo('/dashboard') ?? '#/';
  return (
    <PageLayout title="Page not found">
      <section class="card">
        <h2>This page does not exist</h2>
        <p>
          The address may be mistyped, or the page may have moved. <a href={home}>Go to My Dashboard</a>.
        </p>
      </section>
    </PageLayout>
  );
}
