import type { ReactNode } from 'react';
import { t } from '../../app/i18n.ts';
import { RequiredMark } from './RequiredMark.tsx';

/** A labelled field of the editor, with its required mark and its problem. */
export function Field({
  label,
  error,
  id,
  required,
  children,
}: {
  label: string;
  error?: string;
  id: string;
  required?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="field">
      {/* The mark beside the label, not in it: the field's name stays its label. */}
      <span className="field-head">
        <label htmlFor={id}>{label}</label>
        <RequiredMark on={required} />
      </span>
      {children}
      {error && (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      )}
    </div>
  );
}

export function Checkboxes({
  id,
  legend,
  options,
  chosen,
  onChange,
  required,
  error,
}: {
  id: string;
  legend: string;
  options: Array<{ id: string; label: string }>;
  chosen: string[];
  onChange: (ids: string[]) => void;
  required?: boolean;
  error?: string;
}) {
  return (
    <fieldset className="checks" id={id} aria-invalid={!!error} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>
        {legend}
        <RequiredMark on={required} spoken />
      </legend>
      {options.map((o) => (
        <label key={o.id}>
          <input
            type="checkbox"
            checked={chosen.includes(o.id)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, o.id] : chosen.filter((x) => x !== o.id))}
          />
          {o.label}
        </label>
      ))}
      {error && (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** A field's name as the editor labels it, for the list of what is missing. */
export function fieldLabel(field: string): string {
  const common: Record<string, string> = {
    title: t.titleField,
    summary: t.summaryField,
    body: t.bodyField,
    keywords: t.keywordsField,
    subjectIds: t.subjects,
    levelIds: t.levels,
    grades: t.grades,
    authorIds: t.authors,
  };
  return common[field] ?? t.kindFields[field] ?? field;
}

/** Moves to a field named in the list of what is missing (its input, or the first of its checkboxes). */
export function focusField(id: string) {
  const target = document.getElementById(id);
  const input = target?.matches('input, select, textarea') ? target : target?.querySelector<HTMLElement>('input, select, textarea');
  target?.scrollIntoView({ block: 'center' });
  input?.focus();
}
