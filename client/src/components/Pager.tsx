import { useState } from 'react';
import { t } from '../app/i18n.ts';

/** Cursor pages of a connection: the cursors seen so far, so «Предыдущая» goes back without a backward cursor. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const index = cursors.length - 1;
  return {
    after: cursors[index] ?? null,
    index,
    next: (endCursor: string) => setCursors([...cursors, endCursor]),
    previous: () => setCursors(cursors.slice(0, -1)),
    reset: () => setCursors([null]),
  };
}

interface PagerProps {
  label: string;
  pages: ReturnType<typeof useCursorPages>;
  pageSize: number;
  shown: number;
  totalCount: number;
  endCursor: string | null | undefined;
  hasNextPage: boolean;
}

/** «1–20 из 57» with the previous and next page. */
export function Pager({ label, pages, pageSize, shown, totalCount, endCursor, hasNextPage }: PagerProps) {
  if (totalCount === 0) return <p>{t.pager.none}</p>;
  const from = pages.index * pageSize + 1;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="secondary" disabled={pages.index === 0} onClick={pages.previous}>
        {t.pager.previous}
      </button>
      <span>{t.pager.of(from, from + shown - 1, totalCount)}</span>
      <button type="button" className="secondary" disabled={!hasNextPage || !endCursor} onClick={() => endCursor && pages.next(endCursor)}>
        {t.pager.next}
      </button>
    </nav>
  );
}
