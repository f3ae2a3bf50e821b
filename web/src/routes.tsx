import { DashboardPage } from './pages/DashboardPage';
import { WelcomePage } from './pages/WelcomePage';
import type { PageRoute } from './router';

// Every page of the SPA, one line each. To add a page: write web/src/pages/<Name>Page.tsx (a
// component taking PageProps) and list it here; `linkTo(pattern, params)` then starts answering
// its href, and links to it appear wherever a page asked for one.
export const routes: readonly PageRoute[] = [
  { pattern: '/', page: WelcomePage, access: 'public', title: 'Welcome' },
  { pattern: '/dashboard', page: DashboardPage, access: 'signed-in', title: 'My Dashboard' },
];
