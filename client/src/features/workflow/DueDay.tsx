import { dayLabel } from '../../app/i18n.ts';
import { expertReview } from '../../app/texts/review.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** Today in the reader's calendar, `YYYY-MM-DD`. */
export function localToday(): string {
  const now = new Date();
  return `${pad(now.getFullYear())}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * An assignment's due day: «срок — до 14.12.2026», or marked «срок истёк …» once it has passed while the
 * conclusion is still awaited (`open`).
 */
export function DueDay({ day, open }: { day?: string | null; open: boolean }) {
  if (!day) return <span>{expertReview.noDue}</span>;
  if (open && day < localToday()) return <strong className="overdue">{expertReview.overdue(dayLabel(day))}</strong>;
  return <span>{expertReview.due(dayLabel(day))}</span>;
}
