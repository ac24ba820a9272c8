import { gql, type DocumentNode } from '@apollo/client';
import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent, type JSX } from 'react';
import { t } from '../app/i18n.ts';
import { directory as texts } from '../app/texts/directory.ts';
import { Link, navigate, useLocation } from '../app/router.tsx';
import { isMethodist, VIEWER_QUERY } from '../app/session.ts';
import { usePageTitle } from '../app/title.ts';
import { Pager, useCursorPages } from '../components/Pager.tsx';
import { DirectorySearch } from '../features/editor/DirectorySearch.tsx';
import { OrganizationPicker, type ChosenOrganization } from '../features/editor/OrganizationPicker.tsx';
import type { ViewerQueryQuery } from '../gql/graphql.ts';
import { QueryState } from '../components/QueryState.tsx';

type KindKey = 'organizations' | 'people';
const PAGE_SIZE = 20;

interface OrganizationRow {
  id: string;
  name: string;
  shortName?: string | null;
  type: string;
  municipality: string;
  address?: string | null;
  website?: string | null;
}

interface PersonRow {
  id: string;
  fullName: string;
  position?: string | null;
  qualificationCategory: string;
  experienceYears?: number | null;
  organization?: ChosenOrganization | null;
}

type Row = OrganizationRow | PersonRow;

interface ListResult {
  list: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor?: string | null }; nodes: Row[] };
}

/** What moves with a duplicate: the counts the merge confirmation names. */
interface MovesResult {
  node: { materials: { totalCount: number }; people?: { totalCount: number } } | null;
}

/**
 * The two directories, one entry each: the list (also the lookup of the record to keep), what a
 * duplicate carries, the merge and the edit form. Both lists take `query` (a part of the name).
 */
interface Directory {
  key: KindKey;
  list: DocumentNode;
  moves: DocumentNode;
  merge: DocumentNode;
  name: (row: Row) => string;
  detail: (row: Row) => string;
  page: (id: string) => string;
  moveLines: (moves: NonNullable<MovesResult['node']>) => string[];
  Edit: (props: { row: Row; done: (name?: string) => void }) => JSX.Element;
}

const UPDATE_ORGANIZATION = gql`
  mutation UpdateOrganizationMutation($id: ID!, $input: OrganizationInput!) {
    updateOrganization(id: $id, input: $input) {
      id
      name
      shortName
      type
      municipality
      address
      website
    }
  }
`;

const UPDATE_PERSON = gql`
  mutation UpdatePersonMutation($id: ID!, $input: PersonInput!) {
    updatePerson(id: $id, input: $input) {
      id
      fullName
      position
      qualificationCategory
      experienceYears
      organization {
        id
        name
        municipality
      }
    }
  }
`;

type FormValues = Record<string, string>;

/** A record's form: every field sent (a cleared optional field is cleared); a refusal names its field and the text stays. */
function EditForm({
  label,
  fields,
  initial,
  mutation,
  row,
  done,
  extra,
}: {
  label: string;
  fields: Array<{ name: string; label: string; options?: Record<string, string>; type?: string; required?: boolean }>;
  initial: FormValues;
  mutation: DocumentNode;
  row: Row;
  done: (name?: string) => void;
  extra?: { render: () => JSX.Element; input: () => Record<string, unknown> };
}) {
  const [values, setValues] = useState(initial);
  const [update, { loading, error }] = useMutation<Record<string, unknown>, Record<string, unknown>>(mutation);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: Record<string, unknown> = { ...extra?.input() };
    for (const field of fields) {
      const value = values[field.name] ?? '';
      if (field.type === 'number') {
        if (value.trim() !== '') input[field.name] = Number(value);
      } else input[field.name] = value;
    }
    const ok = await update({ variables: { id: row.id, input } }).catch(() => null);
    if (ok) done(values[fields[0]!.name]!.trim());
  };
  return (
    <form className="form" aria-label={label} onSubmit={submit}>
      {fields.map((field) => (
        <label key={field.name}>
          {field.label}
          {field.options ? (
            <select value={values[field.name]} onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}>
              {Object.entries(field.options).map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          ) : (
            <input
              type={field.type ?? 'text'}
              {...(field.type === 'number' ? { min: 0, max: 70 } : {})}
              required={field.required}
              value={values[field.name]}
              onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
            />
          )}
        </label>
      ))}
      {extra?.render()}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div>
        <button type="submit" disabled={loading}>
          {texts.save}
        </button>{' '}
        <button type="button" className="link" onClick={() => done()}>
          {texts.cancel}
        </button>
      </div>
    </form>
  );
}

function OrganizationEdit({ row, done }: { row: Row; done: (name?: string) => void }) {
  const o = row as OrganizationRow;
  return (
    <EditForm
      label={texts.editLabel(o.name)}
      row={row}
      done={done}
      mutation={UPDATE_ORGANIZATION}
      initial={{
        name: o.name,
        shortName: o.shortName ?? '',
        type: o.type,
        municipality: o.municipality,
        address: o.address ?? '',
        website: o.website ?? '',
      }}
      fields={[
        { name: 'name', label: texts.name, required: true },
        { name: 'shortName', label: texts.shortName },
        { name: 'type', label: texts.type, options: texts.organizationTypes },
        { name: 'municipality', label: texts.municipality, required: true },
        { name: 'address', label: texts.address },
        { name: 'website', label: texts.website },
      ]}
    />
  );
}

function PersonEdit({ row, done }: { row: Row; done: (name?: string) => void }) {
  const p = row as PersonRow;
  const [organization, setOrganization] = useState<ChosenOrganization | null>(p.organization ?? null);
  return (
    <EditForm
      label={texts.editLabel(p.fullName)}
      row={row}
      done={done}
      mutation={UPDATE_PERSON}
      initial={{
        fullName: p.fullName,
        position: p.position ?? '',
        qualificationCategory: p.qualificationCategory,
        experienceYears: p.experienceYears === null || p.experienceYears === undefined ? '' : String(p.experienceYears),
      }}
      fields={[
        { name: 'fullName', label: texts.fullName, required: true },
        { name: 'position', label: texts.position },
        { name: 'qualificationCategory', label: texts.category, options: t.categories },
        { name: 'experienceYears', label: texts.experience, type: 'number' },
      ]}
      extra={{
        render: () => <OrganizationPicker value={organization} onChange={setOrganization} />,
        input: () => (organization && organization.id !== p.organization?.id ? { organizationId: organization.id } : {}),
      }}
    />
  );
}

const DIRECTORIES: Record<KindKey, Directory> = {
  organizations: {
    key: 'organizations',
    list: gql`
      query DirectoryOrganizationsQuery($first: Int!, $after: String, $query: String) {
        list: organizations(first: $first, after: $after, filter: { query: $query }) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            id
            name
            shortName
            type
            municipality
            address
            website
          }
        }
      }
    `,
    moves: gql`
      query OrganizationMovesQuery($id: ID!) {
        node(id: $id) {
          ... on Organization {
            materials(first: 1) {
              totalCount
            }
            people(first: 1) {
              totalCount
            }
          }
        }
      }
    `,
    merge: gql`
      mutation MergeOrganizationsMutation($targetId: ID!, $sourceIds: [ID!]!) {
        result: mergeOrganizations(targetId: $targetId, sourceIds: $sourceIds) {
          id
        }
      }
    `,
    name: (row) => (row as OrganizationRow).name,
    detail: (row) => {
      const o = row as OrganizationRow;
      return [texts.organizationTypes[o.type], o.municipality, o.shortName].filter(Boolean).join(' · ');
    },
    page: (id) => `/organizations/${encodeURIComponent(id)}`,
    moveLines: (moves) => [texts.materialsMove(moves.materials.totalCount), texts.peopleMove(moves.people?.totalCount ?? 0)],
    Edit: OrganizationEdit,
  },
  people: {
    key: 'people',
    list: gql`
      query DirectoryPeopleQuery($first: Int!, $after: String, $query: String) {
        list: people(first: $first, after: $after, filter: { query: $query }) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            id
            fullName
            position
            qualificationCategory
            experienceYears
            organization {
              id
              name
              municipality
            }
          }
        }
      }
    `,
    moves: gql`
      query PersonMovesQuery($id: ID!) {
        node(id: $id) {
          ... on Person {
            materials(first: 1) {
              totalCount
            }
          }
        }
      }
    `,
    merge: gql`
      mutation MergePeopleMutation($targetId: ID!, $sourceIds: [ID!]!) {
        result: mergePeople(targetId: $targetId, sourceIds: $sourceIds) {
          id
        }
      }
    `,
    name: (row) => (row as PersonRow).fullName,
    detail: (row) => {
      const p = row as PersonRow;
      return [p.position, p.organization?.name ?? texts.noOrganization].filter(Boolean).join(' · ');
    },
    page: (id) => `/people/${encodeURIComponent(id)}`,
    moveLines: (moves) => [texts.authorshipsMove(moves.materials.totalCount), texts.accountsMove],
    Edit: PersonEdit,
  },
};

/** Lists of the directory cached anywhere (this page, the editor's pickers) are dropped: a merge removes a record. */
function useMergeMutation(directory: Directory) {
  return useMutation<{ result: { id: string } }, { targetId: string; sourceIds: string[] }>(directory.merge, {
    update: (cache) => {
      cache.evict({ id: 'ROOT_QUERY', fieldName: directory.key });
      cache.gc();
    },
  });
}

/** «Это дубликат»: find the record to keep, read what will move to it, then merge. */
function MergePanel({ directory, row, done }: { directory: Directory; row: Row; done: (notice?: string) => void }) {
  const [query, setQuery] = useState('');
  const [target, setTarget] = useState<Row | null>(null);
  const [search, found] = useLazyQuery<ListResult, Record<string, unknown>>(directory.list);
  const moves = useQuery<MovesResult, { id: string }>(directory.moves, { variables: { id: row.id }, fetchPolicy: 'network-only' });
  const [merge, { loading, error }] = useMergeMutation(directory);
  const name = directory.name(row);
  const results = (found.data?.list.nodes ?? []).filter((r) => r.id !== row.id);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!target) return;
    const ok = await merge({ variables: { targetId: target.id, sourceIds: [row.id] } }).catch(() => null);
    if (ok) done(texts.merged(name, directory.name(target)));
  };
  return (
    <form className="form merge-panel" aria-label={texts.mergeLabel(name)} onSubmit={submit}>
      <p>{texts.mergeIntro(name)}</p>
      <DirectorySearch
        label={texts.findKept[directory.key]!}
        query={query}
        onQuery={setQuery}
        onSearch={(text) => void search({ variables: { first: 8, query: text } })}
        results={results}
        pick={(r) => {
          setTarget(r);
          setQuery('');
        }}
        name={directory.name}
        detail={directory.detail}
      />
      {target && (
        <div className="banner" role="status">
          <p>
            <strong>{texts.kept(directory.name(target))}</strong>
          </p>
          <p>{texts.willMove}</p>
          {moves.data?.node ? (
            <ul>
              {directory.moveLines(moves.data.node).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            <p aria-busy="true">{t.loading}</p>
          )}
          <p>{texts.goes(name)}</p>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div>
        {target && (
          <button type="submit" disabled={loading || !moves.data}>
            {texts.confirmMerge}
          </button>
        )}{' '}
        <button type="button" className="link" onClick={() => done()}>
          {texts.cancel}
        </button>
      </div>
    </form>
  );
}

function DirectoryRow({ directory, row, notify }: { directory: Directory; row: Row; notify: (notice: string) => void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'merge'>('view');
  const name = directory.name(row);
  const Edit = directory.Edit;
  return (
    <li>
      <div className="entry">
        <span className="entry-name">
          <strong>
            <Link href={directory.page(row.id)}>{name}</Link>
          </strong>
          <span className="muted">{directory.detail(row)}</span>
        </span>
        <span className="row-actions">
          <button
            type="button"
            aria-label={texts.editLabel(name)}
            aria-expanded={mode === 'edit'}
            onClick={() => setMode(mode === 'edit' ? 'view' : 'edit')}
          >
            {texts.edit}
          </button>
          <button
            type="button"
            aria-label={texts.mergeLabel(name)}
            aria-expanded={mode === 'merge'}
            onClick={() => setMode(mode === 'merge' ? 'view' : 'merge')}
          >
            {texts.merge}
          </button>
        </span>
      </div>
      {mode === 'edit' && (
        <Edit
          row={row}
          done={(saved) => {
            setMode('view');
            if (saved) notify(texts.saved(saved));
          }}
        />
      )}
      {mode === 'merge' && (
        <MergePanel
          directory={directory}
          row={row}
          done={(notice) => {
            setMode('view');
            if (notice) notify(notice);
          }}
        />
      )}
    </li>
  );
}

function DirectoryList({ directory, query }: { directory: Directory; query: string }) {
  const pages = useCursorPages();
  const [notice, setNotice] = useState<string | null>(null);
  const { data, loading, error, refetch } = useQuery<ListResult, Record<string, unknown>>(directory.list, {
    variables: { first: PAGE_SIZE, after: pages.after, query: query || null },
    fetchPolicy: 'cache-and-network',
  });
  if (error) return <QueryState error={error} onRetry={refetch} />;
  const list = data?.list;
  return (
    <>
      <p className="banner success" role="status" hidden={!notice}>
        {notice}
      </p>
      {!list ? (
        <p aria-busy={loading}>{t.loading}</p>
      ) : list.totalCount === 0 ? (
        <p className="empty">{query ? texts.nothingFound(query) : texts.empty[directory.key]}</p>
      ) : (
        <>
          <ul className="dictionary" aria-label={texts.kinds[directory.key]}>
            {list.nodes.map((row) => (
              <DirectoryRow key={row.id} directory={directory} row={row} notify={setNotice} />
            ))}
          </ul>
          <Pager
            label={texts.pages[directory.key]!}
            pages={pages}
            pageSize={PAGE_SIZE}
            shown={list.nodes.length}
            totalCount={list.totalCount}
            endCursor={list.pageInfo.endCursor}
            hasNextPage={list.pageInfo.hasNextPage}
          />
        </>
      )}
    </>
  );
}

/** The search box: the words live in the address (`?q=`), so a found list has a link. */
function SearchForm({ directory, query }: { directory: Directory; query: string }) {
  const [text, setText] = useState(query);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = text.trim();
    navigate(`/directory/${directory.key}${q ? `?q=${encodeURIComponent(q)}` : ''}`, { replace: true });
  };
  return (
    <form role="search" aria-label={texts.searchIn[directory.key]} className="inline-search" onSubmit={submit}>
      <label>
        {texts.searchLabel[directory.key]}
        <input type="search" maxLength={200} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit" className="primary">
        {texts.searchButton}
      </button>
      {query && <Link href={`/directory/${directory.key}`}>{texts.reset}</Link>}
    </form>
  );
}

/** The methodists' directories of organizations and teachers: find, correct, merge duplicates. */
export default function DirectoryPage({ kind }: { kind: KindKey }) {
  const directory = DIRECTORIES[kind];
  usePageTitle(`${texts.kinds[kind]} — ${texts.title}`);
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  const query = useLocation().searchParams.get('q')?.trim() ?? '';
  if (viewer.loading) return <p aria-busy="true">{t.loading}</p>;
  return (
    <section className="dictionaries directory">
      <h1>{texts.title}</h1>
      <p>{texts.intro}</p>
      {isMethodist(viewer.data?.viewer?.role) ? (
        <>
          <nav className="tabs" aria-label={texts.title}>
            {(['organizations', 'people'] as const).map((key) => (
              <Link key={key} href={`/directory/${key}`} aria-current={key === kind ? 'page' : undefined}>
                {texts.kinds[key]}
              </Link>
            ))}
          </nav>
          <h2>{texts.kinds[kind]}</h2>
          <SearchForm key={`search:${kind}:${query}`} directory={directory} query={query} />
          <DirectoryList key={`list:${kind}:${query}`} directory={directory} query={query} />
        </>
      ) : (
        <p role="alert">{texts.forbidden}</p>
      )}
    </section>
  );
}
