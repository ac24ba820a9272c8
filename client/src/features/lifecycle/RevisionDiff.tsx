import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { diffWords } from 'diff';
import { locale, t, valueLabel } from '../../app/i18n.ts';
import { life } from '../../app/texts/life.ts';
import type { RevisionCompareQueryQuery, RevisionCompareQueryQueryVariables } from '../../gql/graphql.ts';

const COMPARE = gql`
  query RevisionCompareQuery($id: ID!, $from: Int!, $to: Int!) {
    material(id: $id) {
      id
      from: revision(version: $from) {
        id
        version
        content {
          name
          value
        }
      }
      to: revision(version: $to) {
        id
        version
        content {
          name
          value
        }
      }
    }
  }
`;

/** The snapshot's key of a link and the field the history names (`subjectIds` → `subjects`). */
const LINK_FIELDS: Record<string, string> = {
  subjectIds: 'subjects',
  levelIds: 'levels',
  authorIds: 'authors',
  fileIds: 'files',
  organizationId: 'organization',
};

/** A field of a material or of its revision as the history names it. */
export function fieldName(key: string): string {
  const name = LINK_FIELDS[key] ?? key;
  const common: Record<string, string> = { title: t.titleField, summary: t.summaryField, body: t.bodyField };
  return common[name] ?? life.fields[name] ?? t.kindFields[name] ?? name;
}

const day = (iso: string) => new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'long' }).format(new Date(iso));

/** A value as a person reads it: the status and choices in words, dates as dates. */
function readable(name: string, value: string): string {
  if (!value) return '';
  if (name === 'status') return t.statuses[value] ?? value;
  if (name === 'publishedAt' || name === 'adoptedAt') return day(value);
  return valueLabel(name, value);
}

/** The diff's own tokenizer knows Latin letters only: Russian words are split by the browser's segmenter. */
const words = new Intl.Segmenter(locale, { granularity: 'word' });

/** Word by word, removed words struck out and added ones marked. */
function WordDiff({ before, after }: { before: string; after: string }) {
  const parts = diffWords(before, after, { intlSegmenter: words });
  return (
    <p className="diff-text">
      {parts.map((part, i) =>
        part.removed ? (
          <del key={i} title={life.removed}>
            {part.value}
          </del>
        ) : part.added ? (
          <ins key={i} title={life.added}>
            {part.value}
          </ins>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </p>
  );
}

/** What changed between two revisions of a material, field by field; fields that did not change are left out. */
export function RevisionDiff({ materialId, from, to }: { materialId: string; from: number; to: number }) {
  const { data, loading, error } = useQuery<RevisionCompareQueryQuery, RevisionCompareQueryQueryVariables>(COMPARE, {
    variables: { id: materialId, from, to },
  });
  if (loading) return <p aria-busy="true">{t.loading}</p>;
  if (error)
    return (
      <p role="alert" className="error">
        {error.message}
      </p>
    );
  const before = data?.material?.from?.content ?? [];
  const after = data?.material?.to?.content ?? [];
  const names = [...new Set([...before.map((f) => f.name), ...after.map((f) => f.name)])];
  const valueOf = (fields: typeof before, name: string) => readable(name, fields.find((f) => f.name === name)?.value ?? '');
  const changed = names.filter((name) => valueOf(before, name) !== valueOf(after, name));
  return (
    <div className="revision-diff" aria-live="polite">
      <h3>{life.comparing(from, to)}</h3>
      {changed.length === 0 ? (
        <p>{life.noDifference}</p>
      ) : (
        <>
          <dl>
            {changed.map((name) => (
              <div key={name} className="diff-field">
                <dt>{fieldName(name)}</dt>
                <dd>
                  {valueOf(before, name) || valueOf(after, name) ? (
                    <WordDiff before={valueOf(before, name)} after={valueOf(after, name)} />
                  ) : null}
                  {!valueOf(after, name) && <span className="muted"> ({life.empty})</span>}
                </dd>
              </div>
            ))}
          </dl>
          <p className="muted">{life.unchangedRest}</p>
        </>
      )}
    </div>
  );
}
