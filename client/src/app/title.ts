import { useEffect } from 'react';
import { t } from './i18n.ts';

/** The tab's title names the page (`<name> — Методическая база знаний`, as the server sends it); none: the site's name. */
export function usePageTitle(name: string | null | undefined) {
  useEffect(() => {
    document.title = name ? `${name} — ${t.appName}` : t.appName;
  }, [name]);
}
