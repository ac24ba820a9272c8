import { t } from '../app/i18n.ts';
import { lastSearch, Link } from '../app/router.tsx';

/** «← К поиску»: back to the search the reader came from, with its words and filters. */
export function BackToSearch() {
  return (
    <p className="back">
      <Link href={lastSearch()}>{t.back}</Link>
    </p>
  );
}
