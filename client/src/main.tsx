import { ApolloProvider } from '@apollo/client/react';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { apollo } from './app/apollo.ts';
import { locale, switchLanguage, t } from './app/i18n.ts';
import { Link, useLocation } from './app/router.tsx';
import SearchPage from './pages/SearchPage.tsx';
import './styles.css';

// Route-level splitting: the material page loads when a teacher opens one.
const MaterialPage = lazy(() => import('./pages/MaterialPage.tsx'));

function Routes() {
  const { pathname } = useLocation();
  const material = /^\/materials\/([^/]+)$/.exec(pathname);
  if (material) return <MaterialPage id={decodeURIComponent(material[1]!)} />;
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
