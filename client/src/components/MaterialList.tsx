import { monthYear } from '../app/format.ts';
import { t } from '../app/i18n.ts';
import { Link } from '../app/router.tsx';
import type { MaterialList_ItemFragment } from '../gql/graphql.ts';

const month = (iso?: string | null) => (iso ? monthYear(new Date(iso)) : '');

/** A plain list of materials: title, kind and month; the search page has its own richer results. */
export function MaterialList({ items }: { items: MaterialList_ItemFragment[] }) {
  return (
    <ul className="results">
      {items.map((m) => (
        <li key={m.id} className="result">
          <h3>
            <Link href={`/materials/${m.id}`}>{m.title}</Link>
          </h3>
          <p className="meta">{[t.kinds[m.kind], month(m.publishedAt)].filter(Boolean).join(' · ')}</p>
        </li>
      ))}
    </ul>
  );
}
