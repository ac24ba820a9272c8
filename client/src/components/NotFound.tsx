import { t } from '../app/i18n.ts';
import { usePageTitle } from '../app/title.ts';
import { BackToSearch } from './BackToSearch.tsx';

/** What a reader sees for an address that names nothing: the server answers such addresses with 404. */
export function NotFound({ title = t.pageNotFound, hint = t.pageNotFoundHint }: { title?: string; hint?: string }) {
  usePageTitle(title);
  return (
    <div className="material not-found">
      <h1>{title}</h1>
      <p>{hint}</p>
      <BackToSearch />
    </div>
  );
}
