import { t } from '../../app/i18n.ts';

/** «*» after the label of what review needs (the kind registry's list); said in words to screen readers. */
export function RequiredMark({ on }: { on?: boolean }) {
  if (!on) return null;
  return <> <span className="required-mark" aria-hidden="true">*</span><span className="visually-hidden"> ({t.work.required})</span></>;
}
