import { t } from '../../app/i18n.ts';

interface Classified {
  subjects: ReadonlyArray<{ name: string }>;
  levels: ReadonlyArray<{ name: string }>;
  grades: readonly number[];
}

/** A material's subjects, levels and classes as entries of its facts list: the material page and the expert's page show them alike. */
export function ClassificationFacts({ m }: { m: Classified }) {
  return (
    <>
      {m.subjects.length > 0 && (
        <>
          <dt>{t.subjects}</dt>
          <dd>{m.subjects.map((s) => s.name).join(', ')}</dd>
        </>
      )}
      {m.levels.length > 0 && (
        <>
          <dt>{t.levels}</dt>
          <dd>{m.levels.map((l) => l.name).join(', ')}</dd>
        </>
      )}
      {m.grades.length > 0 && (
        <>
          <dt>{t.grades}</dt>
          <dd>{m.grades.join(', ')}</dd>
        </>
      )}
    </>
  );
}
