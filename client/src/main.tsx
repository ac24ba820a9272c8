import { gql } from '@apollo/client';
import { ApolloProvider, useMutation, useQuery } from '@apollo/client/react';
import { isAdmin, isMethodist, VIEWER_QUERY } from './app/session.ts';
import type { BackupStatusQueryQuery, LogoutMutationMutation, ViewerQueryQuery } from './gql/graphql.ts';
import { lazy, startTransition, StrictMode, Suspense, useEffect, useState, type JSX } from 'react';
import { createRoot } from 'react-dom/client';
import { apollo } from './app/apollo.ts';
import { locale, switchLanguage, t } from './app/i18n.ts';
import { Link, navigate, useLocation } from './app/router.tsx';
import { matchPage, type PageName } from './app/paths.ts';
import { NotFound } from './components/NotFound.tsx';
import SearchPage from './pages/SearchPage.tsx';
import './styles.css';

// Route-level splitting: the material page loads when a teacher opens one.
const MaterialPage = lazy(() => import('./pages/MaterialPage.tsx'));
const PersonPage = lazy(() => import('./pages/PersonPage.tsx'));
const OrganizationPage = lazy(() => import('./pages/OrganizationPage.tsx'));
const LoginPage = lazy(() => import('./pages/LoginPage.tsx'));
const MyMaterialsPage = lazy(() => import('./pages/MyMaterialsPage.tsx'));
const ReviewDeskPage = lazy(() => import('./pages/ReviewDeskPage.tsx'));
const ReviewPage = lazy(() => import('./pages/ReviewPage.tsx'));
const MediaLibraryPage = lazy(() => import('./pages/MediaLibraryPage.tsx'));
const MaterialEditorPage = lazy(() => import('./pages/MaterialEditorPage.tsx'));
const MaterialHistoryPage = lazy(() => import('./pages/MaterialHistoryPage.tsx'));
const CollectionPage = lazy(() => import('./pages/CollectionPage.tsx'));
// Charts (recharts) load only with the reports.
const ReportsPage = lazy(() => import('./pages/ReportsPage.tsx'));
const SurveysPage = lazy(() => import('./pages/SurveysPage.tsx'));
const SurveyPage = lazy(() => import('./pages/SurveyPage.tsx'));
const SynonymsPage = lazy(() => import('./pages/SynonymsPage.tsx'));
const AdminPage = lazy(() => import('./pages/AdminPage.tsx'));
const DictionariesPage = lazy(() => import('./pages/DictionariesPage.tsx'));
const ImportPage = lazy(() => import('./pages/ImportPage.tsx'));
const ResetPasswordPage = lazy(() => import('./pages/ResetPasswordPage.tsx'));
const DigestLinkPage = lazy(() => import('./pages/DigestLinkPage.tsx'));
const CollectionsDeskPage = lazy(() => import('./pages/CollectionsDeskPage.tsx'));
const CollectionEditorPage = lazy(() => import('./pages/CollectionEditorPage.tsx'));
const DirectoryPage = lazy(() => import('./pages/DirectoryPage.tsx'));

const PAGE_OF: Record<PageName, (param: string) => JSX.Element> = {
  search: () => <SearchPage />,
  login: () => <LoginPage />,
  my: () => <MyMaterialsPage />,
  review: () => <ReviewDeskPage />,
  reviewMaterial: (id) => <ReviewPage id={id} />,
  media: () => <MediaLibraryPage />,
  reports: () => <ReportsPage />,
  surveys: () => <SurveysPage />,
  editor: (id) => <MaterialEditorPage id={id} />,
  history: (id) => <MaterialHistoryPage id={id} />,
  material: (id) => <MaterialPage id={id} />,
  person: (id) => <PersonPage id={id} />,
  collection: (id) => <CollectionPage id={id} />,
  organization: (id) => <OrganizationPage id={id} />,
  survey: (link) => <SurveyPage link={link} />,
  synonyms: () => <SynonymsPage />,
  admin: () => <AdminPage />,
  dictionaries: () => <DictionariesPage />,
  import: () => <ImportPage />,
  resetPassword: () => <ResetPasswordPage />,
  digestConfirm: (token) => <DigestLinkPage action="confirm" token={token} />,
  digestUnsubscribe: (token) => <DigestLinkPage action="unsubscribe" token={token} />,
  collectionsDesk: () => <CollectionsDeskPage />,
  collectionEditor: (id) => <CollectionEditorPage id={id} />,
  directory: (kind) => <DirectoryPage kind={kind as 'organizations' | 'people'} />,
};

function Routes() {
  const { pathname } = useLocation();
  const match = matchPage(pathname);
  return match ? PAGE_OF[match.page](match.param) : <NotFound />;
}

const LOGOUT = gql`
  mutation LogoutMutation {
    logout
  }
`;

/** Sign in, or the signed-in user's desk and sign out; on a phone a signed-in user's links fold behind «Меню». */
function Navigation() {
  const { data } = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  const [logout] = useMutation<LogoutMutationMutation>(LOGOUT);
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();
  // A link followed closes the menu.
  useEffect(() => setOpen(false), [pathname]);
  const viewer = data?.viewer;
  const language = (
    <button type="button" className="link" onClick={switchLanguage} lang={locale === 'ru' ? 'en' : 'ru'}>
      {t.language}
    </button>
  );
  if (!viewer) {
    return (
      <nav className="account" aria-label={t.mainMenu}>
        <Link href="/media">{t.mediaLibrary}</Link>
        <Link href="/login">{t.signIn}</Link>
        {language}
      </nav>
    );
  }
  // An expert's open assignments, on the desk's link and, on a phone, on the folded menu too.
  // The badge is seen, the words are heard: the name reads «Экспертиза, назначено экспертиз: 2».
  const assignments = viewer.openReviewCount;
  const counter = assignments > 0 && (
    <>
      <span className="counter" aria-hidden="true">
        {assignments}
      </span>
      <span className="visually-hidden">, {t.openAssignments(assignments)}</span>
    </>
  );
  return (
    <nav className={`account signed-in${open ? ' open' : ''}`} aria-label={t.mainMenu}>
      <button type="button" className="menu-toggle" aria-expanded={open} aria-controls="menu-links" onClick={() => setOpen(!open)}>
        {t.menu}
        {counter}
      </button>
      <div id="menu-links" className="menu-links">
        <Link href="/media">{t.mediaLibrary}</Link>
        <Link href="/my">{t.myMaterials}</Link>
        {['EXPERT', 'METHODIST', 'ADMIN'].includes(viewer.role) && (
          <Link href="/review">
            {t.reviewDesk}
            {counter}
          </Link>
        )}
        {isMethodist(viewer.role) && <Link href="/reports">{t.reportsLink}</Link>}
        {isMethodist(viewer.role) && <Link href="/synonyms">{t.synonymsLink}</Link>}
        {isMethodist(viewer.role) && <Link href="/manage/collections">{t.curationLink}</Link>}
        {isMethodist(viewer.role) && <Link href="/dictionaries">{t.dictionariesLink}</Link>}
        {isMethodist(viewer.role) && <Link href="/import">{t.importLink}</Link>}
        {isMethodist(viewer.role) && <Link href="/directory/organizations">{t.directoryLink}</Link>}
        {isAdmin(viewer.role) && <Link href="/admin">{t.adminLink}</Link>}
        <Link href="/surveys">{t.surveysLink}</Link>
        <span className="who">{viewer.name}</span>
        <button
          type="button"
          className="link"
          onClick={async () => {
            await logout();
            await apollo.resetStore();
            navigate('/');
          }}
        >
          {t.signOut}
        </button>
        {language}
      </div>
    </nav>
  );
}

const BACKUP_STATUS = gql`
  query BackupStatusQuery {
    backupStatus {
      failedAt
      failure
    }
  }
`;

/** For admins only: the last backup failed (and none has succeeded since). */
function BackupAlert() {
  const { data: viewer } = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  const admin = isAdmin(viewer?.viewer?.role);
  const { data } = useQuery<BackupStatusQueryQuery>(BACKUP_STATUS, { skip: !admin });
  const status = admin ? data?.backupStatus : undefined;
  if (!status?.failedAt) return null;
  return (
    <p className="banner" role="alert">
      {t.backupFailed(new Date(status.failedAt), status.failure ?? '')}
    </p>
  );
}

function App() {
  const { pathname } = useLocation();
  return (
    <>
      <a className="skip" href="#main">
        {t.skipToContent}
      </a>
      {/* The search page's results have a skip link of their own: past the search box and the filters. */}
      {pathname === '/' && (
        <a className="skip" href="#results">
          {t.skipToResults}
        </a>
      )}
      <header className="top">
        <Link href="/" className="brand">
          {t.appName}
        </Link>
        <Navigation />
      </header>
      <main id="main" tabIndex={-1}>
        <BackupAlert />
        <Suspense fallback={<p aria-busy="true">{t.loading}</p>}>
          <Routes />
        </Suspense>
      </main>
    </>
  );
}

document.documentElement.lang = locale;
// A material's page, the one readers arrive at from outside: its chunk (preloaded with the HTML) runs
// now and sends its query, instead of waiting for React's first render to ask for it.
if (matchPage(location.pathname)?.page === 'material') void import('./pages/MaterialPage.tsx');
const root = createRoot(document.getElementById('root')!);
// The first render as a transition: React renders it in slices and yields to the browser between
// them, instead of one long task that a phone spends compiling and running every component at once.
startTransition(() => {
  root.render(
    <StrictMode>
      <ApolloProvider client={apollo}>
        <App />
      </ApolloProvider>
    </StrictMode>,
  );
});
