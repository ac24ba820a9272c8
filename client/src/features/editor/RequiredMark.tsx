import { work } from '../../app/texts/work.ts';

/**
 * «*» after the label of what review needs (the kind registry's list). Inputs say it with
 * `aria-required`; a group of checkboxes, which cannot, says it in words to screen readers.
 */
export function RequiredMark({ on, spoken = false }: { on?: boolean; spoken?: boolean }) {
  if (!on) return null;
  return (
    <>
      {' '}
      <span className="required-mark" aria-hidden="true">
        *
      </span>
      {spoken && <span className="visually-hidden"> ({work.required})</span>}
    </>
  );
}
