import { locale, t } from '../app/i18n.ts';
import { Link } from '../app/router.tsx';
import type { MaterialList_ItemFragment } from '../gql/graphql.ts';


const year = (iso?: string | null) => (iso ? new Date(iso).toLocaleDateString(locale === 'en' ? 'en-GB' : 'ru-RU', { year: 'numeric', month: 'long' }) : '');

/** A plain list of materials: title, kind and month; the search page has its own richer results. */
export function MaterialList({ items }: { items: MaterialList_ItemFragment[] }) {
  return (
    <ul className="results">
      {items.map((m) => (
        <li key={m.id} className="result">
          <h3><Link href={`/materials/${m.id}`}>{m.title}</Link></h3>
          <p className="meta">{[t.kinds[m.kind], year(m.publishedAt)].filter(Boolean).join(' · ')}</p>
        </li>
      ))}
    </ul>
  );
}
