import { useQuery } from '@apollo/client/react';
import { t } from '../app/i18n.ts';
import { Link } from '../app/router.tsx';
import type { HomePageQueryQuery } from '../gql/graphql.ts';
import type { MaterialList_ItemFragment } from '../gql/graphql.ts';
import { MaterialList } from './MaterialList.tsx';
import { HOME_QUERY } from './home.query.ts';

/** What a teacher sees before searching: the newest, the most used, recommended practices, collections. */
export function HomeSections() {
  const { data } = useQuery<HomePageQueryQuery>(HOME_QUERY);
  // The same blocks, empty, while loading: the page does not jump when they fill in.
  if (!data) {
    return (
      <div className="home skeleton" aria-hidden="true">
        {[t.newest, t.popular, t.practices, t.collections].map((title) => (
          <section key={title} className="home-section">
            <h2>{title}</h2>
            <ul className="results">
              {Array.from({ length: 5 }, (_, i) => (
                <li key={i} className="result" />
              ))}
            </ul>
          </section>
        ))}
      </div>
    );
  }
  const section = (title: string, items: MaterialList_ItemFragment[]) => (
    <section className="home-section" aria-label={title}>
      <h2>{title}</h2>
      <MaterialList items={items} />
    </section>
  );
  return (
    <div className="home">
      {section(t.newest, data.newest.nodes)}
      {section(t.popular, data.popular.nodes)}
      {section(t.practices, data.practices.nodes)}
      <section className="home-section" aria-label={t.collections}>
        <h2>{t.collections}</h2>
        <ul className="results">
          {data.collections.nodes.map((c) => (
            <li key={c.id} className="result">
              <h3>
                <Link href={`/collections/${c.id}`}>{c.title}</Link>
              </h3>
              <p className="meta">
                {c.description} · {t.materialsCount(c.materials.totalCount)}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
