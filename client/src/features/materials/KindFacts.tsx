import { Fragment } from 'react';
import { longDate } from '../../app/format.ts';
import { t, valueLabel } from '../../app/i18n.ts';
import { KINDS } from '../../gql/kinds.ts';

/** A material as a page that spreads `...KindFields_material` has it: its type name and its kind's own fields. */
type WithKindFields = { __typename?: string } & object;

/**
 * The fields only some kinds have (from the kind registry): a practice's problem and results, a
 * publication's source, an act's number. `except`: fields the page already shows elsewhere.
 */
export function KindFacts({ m, except = [] }: { m: WithKindFields; except?: string[] }) {
  const own = m as Record<string, unknown>;
  const fields = KINDS.find((k) => k.typename === m.__typename)?.fields ?? [];
  const shown = fields
    .filter((f) => !except.includes(f.name))
    .filter((f) => own[f.name] !== null && own[f.name] !== undefined && own[f.name] !== '')
    .map((f): [string, string | number] => {
      const value = own[f.name] as string | number;
      return [
        t.kindFields[f.name] ?? f.name,
        f.input === 'select' ? valueLabel(f.name, String(value)) : f.input === 'date' ? longDate(new Date(String(value))) : value,
      ];
    });
  if (!shown.length) return null;
  return (
    <dl className="facts kind-facts">
      {shown.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
