import { ApolloProvider } from '@apollo/client/react';
import { lazy, StrictMode, Suspense, type JSX } from 'react';
import { createRoot } from 'react-dom/client';
import { apollo } from './app/apollo.ts';
import { locale, switchLanguage, t } from './app/i18n.ts';
import { Link, useLocation } from './app/router.tsx';
import SearchPage from './pages/SearchPage.tsx';
import './styles.css';

// Route-level splitting: the material page loads when a teacher opens one.
const MaterialPage = lazy(() => import('./pages/MaterialPage.tsx'));
const PersonPage = lazy(() => import('./pages/PersonPage.tsx'));
const OrganizationPage = lazy(() => import('./pages/OrganizationPage.tsx'));

const ROUTES: Array<[RegExp, (id: string) => JSX.Element]> = [
  [/^\/materials\/([^/]+)$/, (id) => <MaterialPage id={id} />],
  [/^\/people\/([^/]+)$/, (id) => <PersonPage id={id} />],
  [/^\/organizations\/([^/]+)$/, (id) => <OrganizationPage id={id} />],
];

function Routes() {
  const { pathname } = useLocation();
  for (const [pattern, page] of ROUTES) {
    const match = pattern.exec(pathname);
    if (match) return page(decodeURIComponent(match[1]!));
  }
  return <SearchPage />;
}

function App() {
  return (
    <>
      <a className="skip" href="#main">{t.skipToContent}</a>
      <header className="top">
        <Link href="/" className="brand">{t.appName}</Link>
        <button type="button" className="link" onClick={switchLanguage} lang={locale === 'ru' ? 'en' : 'ru'}>{t.language}</button>
      </header>
      <main id="main">
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
