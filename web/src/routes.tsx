import { AddInstitutionPage } from './pages/AddInstitutionPage';
import { ApplicationPage } from './pages/ApplicationPage';
import { ConversionPreviewPage } from './pages/ConversionPreviewPage';
import { DashboardPage } from './pages/DashboardPage';
import { HelpPage } from './pages/HelpPage';
import { MappingDetailPage } from './pages/MappingDetailPage';
import { MappingRequestPage } from './pages/MappingRequestPage';
import { SearchMappingsPage } from './pages/SearchMappingsPage';
import { StudyRecordPage } from './pages/StudyRecordPage';
import { VerifyDecisionPage } from './pages/VerifyDecisionPage';
import { WelcomePage } from './pages/WelcomePage';
import type { PageRoute } from './router';

// Every page of the SPA, one line each. To add a page: write web/src/pages/<Name>Page.tsx (a
// component taking PageProps) and list it here; `linkTo(pattern, params)` then starts answering
// its href, and links to it appear wherever a page asked for one.
export const routes: readonly PageRoute[] = [
  { pattern: '/', page: WelcomePage, access: 'public', title: 'Welcome' },
  { pattern: '/verify', page: VerifyDecisionPage, access: 'public', title: 'Verify a Signed Decision' },
  { pattern: '/dashboard', page: DashboardPage, access: 'signed-in', title: 'My Dashboard' },
  { pattern: '/help', page: HelpPage, access: 'public', title: 'Help' },
  {
    pattern: '/institutions/new',
    page: AddInstitutionPage,
    access: 'signed-in',
    title: 'Add Another Institution',
  },
  { pattern: '/records/:recordId', page: StudyRecordPage, access: 'signed-in', title: 'Study Record' },
  {
    pattern: '/records/:recordId/search',
    page: SearchMappingsPage,
    access: 'signed-in',
    title: 'Search Existing Mappings',
  },
  {
    pattern: '/records/:recordId/new',
    page: MappingRequestPage,
    access: 'signed-in',
    title: 'Create New Course Mapping Request',
  },
  {
    pattern: '/records/:recordId/drafts/:draftId',
    page: MappingRequestPage,
    access: 'signed-in',
    title: 'Create New Course Mapping Request',
  },
  {
    pattern: '/records/:recordId/mappings/:ref',
    page: MappingDetailPage,
    access: 'signed-in',
    title: 'Course Mapping',
  },
  {
    pattern: '/records/:recordId/applications/:applicationId',
    page: ApplicationPage,
    access: 'signed-in',
    title: 'Credit Transfer Application',
  },
  {
    pattern: '/records/:recordId/conversion-preview',
    page: ConversionPreviewPage,
    access: 'signed-in',
    title: 'Conversion Preview',
  },
];
