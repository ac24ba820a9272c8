import { gql } from '@apollo/client';
import { ApolloProvider, useMutation, useQuery } from '@apollo/client/react';
import { isAdmin, isMethodist, VIEWER_QUERY } from './app/session.ts';
import type { BackupStatusQueryQuery, LogoutMutationMutation, ViewerQueryQuery } from './gql/graphql.ts';
import { lazy, StrictMode, Suspense, type JSX } from 'react';
import { createRoot } from 'react-dom/client';
import { apollo } from './app/apollo.ts';
import { locale, switchLanguage, t } from './app/i18n.ts';
import { Link, navigate, useLocation } from './app/router.tsx';
import SearchPage from './pages/SearchPage.tsx';
import './styles.css';

// Route-level splitting: the material page loads when a teacher opens one.
const MaterialPage = lazy(() => import('./pages/MaterialPage.tsx'));
const PersonPage = lazy(() => import('./pages/PersonPage.tsx'));
const OrganizationPage = lazy(() => import('./pages/OrganizationPage.tsx'));
const LoginPage = lazy(() => import('./pages/LoginPage.tsx'));
const MyMaterialsPage = lazy(() => import('./pages/MyMaterialsPage.tsx'));
const ReviewDeskPage = lazy(() => import('./pages/ReviewDeskPage.tsx'));
const MediaLibraryPage = lazy(() => import('./pages/MediaLibraryPage.tsx'));
const MaterialEditorPage = lazy(() => import('./pages/MaterialEditorPage.tsx'));
const CollectionPage = lazy(() => import('./pages/CollectionPage.tsx'));
// Charts (recharts) load only with the reports.
const ReportsPage = lazy(() => import('./pages/ReportsPage.tsx'));
const SurveysPage = lazy(() => import('./pages/SurveysPage.tsx'));
const SurveyPage = lazy(() => import('./pages/SurveyPage.tsx'));
const SynonymsPage = lazy(() => import('./pages/SynonymsPage.tsx'));

const ROUTES: Array<[RegExp, (id: string) => JSX.Element]> = [
  [/^\/my\/materials\/([^/]+)$/, (id) => <MaterialEditorPage id={id} />],
  [/^\/materials\/([^/]+)$/, (id) => <MaterialPage id={id} />],
  [/^\/people\/([^/]+)$/, (id) => <PersonPage id={id} />],
  [/^\/collections\/([^/]+)$/, (id) => <CollectionPage id={id} />],
  [/^\/organizations\/([^/]+)$/, (id) => <OrganizationPage id={id} />],
  [/^\/surveys\/([^/]+)$/, (link) => <SurveyPage link={link} />],
];

function Routes() {
  const { pathname } = useLocation();
  if (pathname === '/login') return <LoginPage />;
  if (pathname === '/my') return <MyMaterialsPage />;
  if (pathname === '/review') return <ReviewDeskPage />;
  if (pathname === '/media') return <MediaLibraryPage />;
  if (pathname === '/reports') return <ReportsPage />;
  if (pathname === '/surveys') return <SurveysPage />;
  if (pathname === '/synonyms') return <SynonymsPage />;
  for (const [pattern, page] of ROUTES) {
    const match = pattern.exec(pathname);
    if (match) return page(decodeURIComponent(match[1]!));
  }
  return <SearchPage />;
}

const LOGOUT = gql`
  mutation LogoutMutation {
    logout
  }
`;

/** Sign in, or the signed-in user's desk and sign out. */
function Account() {
  const { data } = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  const [logout] = useMutation<LogoutMutationMutation>(LOGOUT);
  if (!data?.viewer) return <Link href="/login">{t.signIn}</Link>;
  return (
    <>
      <Link href="/my">{t.myMaterials}</Link>
      {['EXPERT', 'METHODIST', 'ADMIN'].includes(data.viewer.role) && <Link href="/review">{t.reviewDesk}</Link>}
      {isMethodist(data.viewer.role) && <Link href="/reports">{t.reportsLink}</Link>}
      {isMethodist(data.viewer.role) && <Link href="/synonyms">{t.synonymsLink}</Link>}
      <Link href="/surveys">{t.surveysLink}</Link>
      <span className="who">{data.viewer.name}</span>
      <button type="button" className="link" onClick={async () => { await logout(); await apollo.resetStore(); navigate('/'); }}>{t.signOut}</button>
    </>
  );
}

const BACKUP_STATUS = gql`
  query BackupStatusQuery {
    backupStatus { failedAt failure }
  }
`;

/** For admins only: the last backup failed (and none has succeeded since). */
function BackupAlert() {
  const { data: viewer } = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  const admin = isAdmin(viewer?.viewer?.role);
  const { data } = useQuery<BackupStatusQueryQuery>(BACKUP_STATUS, { skip: !admin });
  const status = admin ? data?.backupStatus : undefined;
  if (!status?.failedAt) return null;
  return <p className="banner" role="alert">{t.backupFailed(new Date(status.failedAt), status.failure ?? '')}</p>;
}

function App() {
  return (
    <>
      <a className="skip" href="#main">{t.skipToContent}</a>
      <header className="top">
        <Link href="/" className="brand">{t.appName}</Link>
        <nav className="account" aria-label={t.myMaterials}>
          <Link href="/media">{t.mediaLibrary}</Link>
          <Account />
          <button type="button" className="link" onClick={switchLanguage} lang={locale === 'ru' ? 'en' : 'ru'}>{t.language}</button>
        </nav>
      </header>
      <main id="main">
        <BackupAlert />
        <Suspense fallback={<p aria-busy="true">{t.loading}</p>}>
          <Routes />
        </Suspense>
      </main>
    </>
  );
}

document.documentElement.lang = locale;
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApolloProvider client={apollo}>
      <App />
    </ApolloProvider>
  </StrictMode>,
);
