import { gql, type DocumentNode } from '@apollo/client';
import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { t } from '../app/i18n.ts';
import { QueryState } from '../components/QueryState.tsx';
import { dictionaries } from '../app/texts/dictionaries.ts';
import { Link, useLocation } from '../app/router.tsx';
import { isMethodist, VIEWER_QUERY } from '../app/session.ts';
import { usePageTitle } from '../app/title.ts';
import { SEARCH_PEOPLE } from '../features/editor/AuthorsPicker.tsx';
import { DirectorySearch } from '../features/editor/DirectorySearch.tsx';
import type { AuthorSearchQueryQuery, AuthorSearchQueryQueryVariables, ViewerQueryQuery } from '../gql/graphql.ts';

type FieldName = 'code' | 'name' | 'maxScore' | 'rubric' | 'levels' | 'leader';
interface Field {
  name: FieldName;
  /** Needed to add an entry (a change sends only what changed). */
  required?: boolean;
}

/** One entry as any of the dictionaries' lists returns it. */
interface Entry {
  id: string;
  name: string;
  retired: boolean;
  code?: string;
  maxScore?: number;
  rubric?: string;
  materialCount?: number;
  /** A subject's levels. */
  levels?: Level[];
  /** A method association's leader. */
  leader?: Leader | null;
}

interface Level {
  id: string;
  code: string;
  name: string;
}

interface Leader {
  id: string;
  fullName: string;
}

/**
 * The dictionaries a methodist keeps, one entry each: the root field that lists it (retired too),
 * the fields of its form and its mutations (the API names them alike: create…, update…, merge…,
 * retire…, restore…). Criteria are not merged: reviews keep their scores by criterion.
 */
interface Dictionary {
  key: 'subjects' | 'levels' | 'associations' | 'criteria';
  list: string;
  query: DocumentNode;
  fields: Field[];
  create: DocumentNode;
  update: DocumentNode;
  merge?: DocumentNode;
  retire: DocumentNode;
  restore: DocumentNode;
}

const DICTIONARIES: Dictionary[] = [
  {
    key: 'subjects',
    list: 'subjects',
    query: gql`
      query DictionarySubjectsQuery {
        subjects(includeRetired: true) {
          id
          name
          retired
          materialCount
          levels {
            id
            code
            name
          }
        }
      }
    `,
    fields: [{ name: 'name', required: true }, { name: 'levels' }],
    create: gql`
      mutation CreateSubjectMutation($input: SubjectInput!) {
        result: createSubject(input: $input) {
          id
          name
          retired
          materialCount
          levels {
            id
            code
            name
          }
        }
      }
    `,
    update: gql`
      mutation UpdateSubjectMutation($id: ID!, $input: SubjectInput!) {
        result: updateSubject(id: $id, input: $input) {
          id
          name
          retired
          materialCount
          levels {
            id
            code
            name
          }
        }
      }
    `,
    merge: gql`
      mutation MergeSubjectsMutation($sourceIds: [ID!]!, $targetId: ID!) {
        result: mergeSubjects(sourceIds: $sourceIds, targetId: $targetId) {
          id
          name
          retired
          materialCount
          levels {
            id
            code
            name
          }
        }
      }
    `,
    retire: gql`
      mutation RetireSubjectMutation($id: ID!) {
        result: retireSubject(id: $id) {
          id
          name
          retired
        }
      }
    `,
    restore: gql`
      mutation RestoreSubjectMutation($id: ID!) {
        result: restoreSubject(id: $id) {
          id
          name
          retired
        }
      }
    `,
  },
  {
    key: 'levels',
    list: 'educationLevels',
    query: gql`
      query DictionaryLevelsQuery {
        educationLevels(includeRetired: true) {
          id
          code
          name
          retired
          materialCount
        }
      }
    `,
    fields: [
      { name: 'code', required: true },
      { name: 'name', required: true },
    ],
    create: gql`
      mutation CreateEducationLevelMutation($input: EducationLevelInput!) {
        result: createEducationLevel(input: $input) {
          id
          code
          name
          retired
          materialCount
        }
      }
    `,
    update: gql`
      mutation UpdateEducationLevelMutation($id: ID!, $input: EducationLevelInput!) {
        result: updateEducationLevel(id: $id, input: $input) {
          id
          code
          name
          retired
          materialCount
        }
      }
    `,
    merge: gql`
      mutation MergeEducationLevelsMutation($sourceIds: [ID!]!, $targetId: ID!) {
        result: mergeEducationLevels(sourceIds: $sourceIds, targetId: $targetId) {
          id
          code
          name
          retired
          materialCount
        }
      }
    `,
    retire: gql`
      mutation RetireEducationLevelMutation($id: ID!) {
        result: retireEducationLevel(id: $id) {
          id
          name
          retired
        }
      }
    `,
    restore: gql`
      mutation RestoreEducationLevelMutation($id: ID!) {
        result: restoreEducationLevel(id: $id) {
          id
          name
          retired
        }
      }
    `,
  },
  {
    key: 'associations',
    list: 'methodAssociations',
    query: gql`
      query DictionaryAssociationsQuery {
        methodAssociations(includeRetired: true) {
          id
          name
          retired
          leader {
            id
            fullName
          }
        }
      }
    `,
    fields: [{ name: 'name', required: true }, { name: 'leader' }],
    create: gql`
      mutation CreateMethodAssociationMutation($input: MethodAssociationInput!) {
        result: createMethodAssociation(input: $input) {
          id
          name
          retired
          leader {
            id
            fullName
          }
        }
      }
    `,
    update: gql`
      mutation UpdateMethodAssociationMutation($id: ID!, $input: MethodAssociationInput!) {
        result: updateMethodAssociation(id: $id, input: $input) {
          id
          name
          retired
          leader {
            id
            fullName
          }
        }
      }
    `,
    merge: gql`
      mutation MergeMethodAssociationsMutation($sourceIds: [ID!]!, $targetId: ID!) {
        result: mergeMethodAssociations(sourceIds: $sourceIds, targetId: $targetId) {
          id
          name
          retired
          leader {
            id
            fullName
          }
        }
      }
    `,
    retire: gql`
      mutation RetireMethodAssociationMutation($id: ID!) {
        result: retireMethodAssociation(id: $id) {
          id
          name
          retired
        }
      }
    `,
    restore: gql`
      mutation RestoreMethodAssociationMutation($id: ID!) {
        result: restoreMethodAssociation(id: $id) {
          id
          name
          retired
        }
      }
    `,
  },
  {
    key: 'criteria',
    list: 'reviewCriteria',
    query: gql`
      query DictionaryCriteriaQuery {
        reviewCriteria(includeRetired: true) {
          id
          code
          name
          maxScore
          rubric
          retired
        }
      }
    `,
    fields: [{ name: 'code', required: true }, { name: 'name', required: true }, { name: 'maxScore', required: true }, { name: 'rubric' }],
    create: gql`
      mutation CreateReviewCriterionMutation($input: ReviewCriterionInput!) {
        result: createReviewCriterion(input: $input) {
          id
          code
          name
          maxScore
          rubric
          retired
        }
      }
    `,
    update: gql`
      mutation UpdateReviewCriterionMutation($id: ID!, $input: ReviewCriterionInput!) {
        result: updateReviewCriterion(id: $id, input: $input) {
          id
          code
          name
          maxScore
          rubric
          retired
        }
      }
    `,
    retire: gql`
      mutation RetireReviewCriterionMutation($id: ID!) {
        result: retireReviewCriterion(id: $id) {
          id
          name
          retired
        }
      }
    `,
    restore: gql`
      mutation RestoreReviewCriterionMutation($id: ID!) {
        result: restoreReviewCriterion(id: $id) {
          id
          name
          retired
        }
      }
    `,
  },
];

type Result = { result: Entry };

/** Writes change what editors and filters offer: their cached lists of this dictionary are dropped and fetched again. */
function useDictionaryMutation(dictionary: Dictionary, document: DocumentNode) {
  return useMutation<Result, Record<string, unknown>>(document, {
    refetchQueries: [dictionary.query],
    update: (cache) => {
      cache.evict({ id: 'ROOT_QUERY', fieldName: dictionary.list });
      cache.gc();
    },
  });
}

const fieldLabel = (name: FieldName) => dictionaries[name];

const LEVEL_CHOICES = gql`
  query DictionaryLevelChoicesQuery {
    educationLevels {
      id
      code
      name
    }
  }
`;

/** The levels a subject is taught at: every level in use, and any retired one the subject still has. */
function LevelChecks({ chosen, onChange }: { chosen: Level[]; onChange: (levels: Level[]) => void }) {
  const { data, error } = useQuery<{ educationLevels: Level[] }>(LEVEL_CHOICES);
  const offered = [...(data?.educationLevels ?? []), ...chosen.filter((c) => !data?.educationLevels.some((l) => l.id === c.id))];
  const has = (level: Level) => chosen.some((c) => c.id === level.id);
  return (
    <fieldset className="checks">
      <legend>{dictionaries.levels}</legend>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {offered.map((level) => (
        <label key={level.id}>
          <input
            type="checkbox"
            checked={has(level)}
            onChange={() => onChange(has(level) ? chosen.filter((c) => c.id !== level.id) : [...chosen, level])}
          />
          {level.code} — {level.name}
        </label>
      ))}
    </fieldset>
  );
}

/** An association's leader: a teacher found in the directory by name, or none. */
function LeaderPicker({ leader, onChange }: { leader: Leader | null; onChange: (leader: Leader | null) => void }) {
  const [query, setQuery] = useState('');
  const [search, found] = useLazyQuery<AuthorSearchQueryQuery, AuthorSearchQueryQueryVariables>(SEARCH_PEOPLE);
  return (
    <fieldset className="leader-picker">
      <legend>{dictionaries.leader}</legend>
      <p>
        {leader ? <strong>{leader.fullName}</strong> : <span className="muted">{dictionaries.noLeader}</span>}{' '}
        {leader && (
          <button type="button" className="link" onClick={() => onChange(null)}>
            {dictionaries.removeLeader(leader.fullName)}
          </button>
        )}
      </p>
      <DirectorySearch
        label={dictionaries.findLeader}
        listLabel={dictionaries.leaderResults}
        query={query}
        onQuery={setQuery}
        onSearch={(text) => void search({ variables: { query: text } })}
        results={(found.data?.people.nodes ?? []).filter((p) => p.id !== leader?.id)}
        pick={(person) => {
          onChange({ id: person.id, fullName: person.fullName });
          setQuery('');
        }}
        name={(p) => p.fullName}
        detail={(p) => [p.position, p.organization?.name].filter(Boolean).join(', ')}
      />
    </fieldset>
  );
}

const sameIds = (a: Array<{ id: string }>, b: Array<{ id: string }>) =>
  a.length === b.length && a.every((x) => b.some((y) => y.id === x.id));

/** Add an entry, or change one: a refusal names its field and the draft stays. */
function EntryForm({ dictionary, entry, done }: { dictionary: Dictionary; entry?: Entry; done: (name?: string) => void }) {
  const [values, setValues] = useState<Record<FieldName, string>>({
    code: entry?.code ?? '',
    name: entry?.name ?? '',
    maxScore: entry?.maxScore === undefined ? '5' : String(entry.maxScore),
    rubric: entry?.rubric ?? '',
    levels: '',
    leader: '',
  });
  const [levels, setLevels] = useState<Level[]>(entry?.levels ?? []);
  const [leader, setLeader] = useState<Leader | null>(entry?.leader ?? null);
  const [create, created] = useDictionaryMutation(dictionary, dictionary.create);
  const [update, updated] = useDictionaryMutation(dictionary, dictionary.update);
  const error = created.error ?? updated.error;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input: Record<string, string | number | string[] | null> = {};
    for (const field of dictionary.fields) {
      if (field.name === 'levels') {
        if (!entry || !sameIds(levels, entry.levels ?? [])) input.levelIds = levels.map((l) => l.id);
        continue;
      }
      if (field.name === 'leader') {
        if (entry ? leader?.id !== entry.leader?.id : leader) input.leaderId = leader?.id ?? null;
        continue;
      }
      const value = field.name === 'maxScore' ? Number(values.maxScore) : values[field.name].trim();
      if (!entry || value !== entry[field.name]) input[field.name] = value;
    }
    const ok = await (entry ? update({ variables: { id: entry.id, input } }) : create({ variables: { input } })).catch(() => null);
    if (ok) done(values.name.trim());
  };
  const title = entry ? `${dictionaries.rename}: ${entry.name}` : (dictionaries.addOne[dictionary.key] ?? dictionaries.add);
  return (
    <form className="form" aria-label={title} onSubmit={submit}>
      {dictionary.fields.map((field) =>
        field.name === 'levels' ? (
          <LevelChecks key="levels" chosen={levels} onChange={setLevels} />
        ) : field.name === 'leader' ? (
          <LeaderPicker key="leader" leader={leader} onChange={setLeader} />
        ) : (
          <label key={field.name}>
            {fieldLabel(field.name)}
            {field.name === 'rubric' ? (
              <textarea rows={6} value={values.rubric} onChange={(e) => setValues({ ...values, rubric: e.target.value })} />
            ) : (
              <input
                type={field.name === 'maxScore' ? 'number' : 'text'}
                min={1}
                max={10}
                required={field.required}
                value={values[field.name]}
                onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
              />
            )}
          </label>
        ),
      )}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div>
        <button type="submit" disabled={created.loading || updated.loading}>
          {entry ? dictionaries.save : dictionaries.add}
        </button>{' '}
        <button type="button" className="link" onClick={() => done()}>
          {dictionaries.cancel}
        </button>
      </div>
    </form>
  );
}

/** Merge one entry into another after a confirmation that says what moves. */
function MergeForm({
  dictionary,
  entry,
  others,
  done,
}: {
  dictionary: Dictionary;
  entry: Entry;
  others: Entry[];
  done: (notice?: string) => void;
}) {
  const [targetId, setTargetId] = useState('');
  const [merge, { loading, error }] = useDictionaryMutation(dictionary, dictionary.merge!);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const target = others.find((o) => o.id === targetId);
    if (!target || !window.confirm(dictionaries.confirmMerge(entry.name, target.name))) return;
    const ok = await merge({ variables: { sourceIds: [entry.id], targetId } }).catch(() => null);
    if (ok) done(dictionaries.merged(entry.name, target.name));
  };
  return (
    <form className="form" aria-label={`${dictionaries.merge}: ${entry.name}`} onSubmit={submit}>
      <label>
        {dictionaries.mergeInto}
        <select required value={targetId} onChange={(e) => setTargetId(e.target.value)}>
          <option value="">{dictionaries.choose}</option>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div>
        <button type="submit" disabled={loading}>
          {dictionaries.merge}
        </button>{' '}
        <button type="button" className="link" onClick={() => done()}>
          {dictionaries.cancel}
        </button>
      </div>
    </form>
  );
}

function EntryRow({
  dictionary,
  entry,
  entries,
  notify,
}: {
  dictionary: Dictionary;
  entry: Entry;
  entries: Entry[];
  notify: (notice: string) => void;
}) {
  const [mode, setMode] = useState<'view' | 'edit' | 'merge'>('view');
  const [retire, retiring] = useDictionaryMutation(dictionary, dictionary.retire);
  const [restore, restoring] = useDictionaryMutation(dictionary, dictionary.restore);
  const toggle = async () => {
    if (!entry.retired && !window.confirm(dictionaries.confirmRetire(entry.name))) return;
    const ok = await (entry.retired ? restore : retire)({ variables: { id: entry.id } }).catch(() => null);
    if (ok) notify(entry.retired ? dictionaries.restored(entry.name) : dictionaries.retired(entry.name));
  };
  const error = retiring.error ?? restoring.error;
  return (
    <li className={entry.retired ? 'retired' : undefined}>
      <div className="entry">
        <span className="entry-name">
          {entry.code && <code>{entry.code}</code>} <strong>{entry.name}</strong>
          {entry.retired && <span className="status">{dictionaries.retiredBadge}</span>}
        </span>
        <span className="muted">
          {entry.materialCount !== undefined && dictionaries.materials(entry.materialCount)}
          {entry.maxScore !== undefined && `${dictionaries.maxScore}: ${entry.maxScore}`}
          {entry.levels && ` · ${entry.levels.length ? entry.levels.map((l) => l.code).join(', ') : dictionaries.noLevels}`}
          {entry.leader !== undefined && (entry.leader ? `${dictionaries.leader}: ${entry.leader.fullName}` : dictionaries.noLeader)}
        </span>
        <span className="row-actions">
          <button type="button" aria-label={`${dictionaries.rename}: ${entry.name}`} onClick={() => setMode('edit')}>
            {dictionaries.rename}
          </button>
          {dictionary.merge && !entry.retired && (
            <button type="button" aria-label={`${dictionaries.merge}: ${entry.name}`} onClick={() => setMode('merge')}>
              {dictionaries.merge}
            </button>
          )}
          <button
            type="button"
            aria-label={`${entry.retired ? dictionaries.restore : dictionaries.retire}: ${entry.name}`}
            onClick={toggle}
          >
            {entry.retired ? dictionaries.restore : dictionaries.retire}
          </button>
        </span>
      </div>
      {entry.rubric && <p className="rubric">{entry.rubric}</p>}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {mode === 'edit' && (
        <EntryForm
          dictionary={dictionary}
          entry={entry}
          done={(name) => {
            setMode('view');
            if (name) notify(dictionaries.saved(name));
          }}
        />
      )}
      {mode === 'merge' && (
        <MergeForm
          dictionary={dictionary}
          entry={entry}
          others={entries.filter((o) => o.id !== entry.id && !o.retired)}
          done={(notice) => {
            setMode('view');
            if (notice) notify(notice);
          }}
        />
      )}
    </li>
  );
}

function DictionaryList({ dictionary }: { dictionary: Dictionary }) {
  const { data, loading, error, refetch } = useQuery<Record<string, Entry[]>>(dictionary.query);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  if (error || loading || !data) return <QueryState loading={!error} error={error} onRetry={refetch} />;
  const entries = data[dictionary.list] ?? [];
  return (
    <>
      <p className="banner success" role="status" hidden={!notice}>
        {notice}
      </p>
      {adding ? (
        <EntryForm
          dictionary={dictionary}
          done={(name) => {
            setAdding(false);
            if (name) setNotice(dictionaries.saved(name));
          }}
        />
      ) : (
        <p>
          <button
            type="button"
            className="primary"
            onClick={() => {
              setNotice(null);
              setAdding(true);
            }}
          >
            {dictionaries.addOne[dictionary.key] ?? dictionaries.add}
          </button>
        </p>
      )}
      {entries.length === 0 ? (
        <p>{dictionaries.empty}</p>
      ) : (
        <ul className="dictionary">
          {entries.map((entry) => (
            <EntryRow key={entry.id} dictionary={dictionary} entry={entry} entries={entries} notify={setNotice} />
          ))}
        </ul>
      )}
    </>
  );
}

/** The dictionaries for methodists: one at a time, chosen in the address (`?kind=levels`). */
export default function DictionariesPage() {
  usePageTitle(dictionaries.title);
  const viewer = useQuery<ViewerQueryQuery>(VIEWER_QUERY);
  const kind = useLocation().searchParams.get('kind');
  const dictionary = DICTIONARIES.find((d) => d.key === kind) ?? DICTIONARIES[0]!;
  if (viewer.loading) return <p aria-busy="true">{t.loading}</p>;
  return (
    <section className="dictionaries">
      <h1>{dictionaries.title}</h1>
      <p>{dictionaries.intro}</p>
      {isMethodist(viewer.data?.viewer?.role) ? (
        <>
          <nav className="tabs" aria-label={dictionaries.title}>
            {DICTIONARIES.map((d) => (
              <Link key={d.key} href={`/dictionaries?kind=${d.key}`} aria-current={d === dictionary ? 'page' : undefined}>
                {dictionaries.kinds[d.key]}
              </Link>
            ))}
          </nav>
          <h2>{dictionaries.kinds[dictionary.key]}</h2>
          <DictionaryList key={dictionary.key} dictionary={dictionary} />
        </>
      ) : (
        <p role="alert">{dictionaries.forbidden}</p>
      )}
    </section>
  );
}
