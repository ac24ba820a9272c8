import DataLoader from 'dataloader';
import { perRequest } from '../../common/per-request.ts';
import { byMaterial } from '../materials/material-relations.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Role, type User } from '../accounts/user.entity.ts';
import { Review } from '../reviews/review.entity.ts';
import { type MethodistDecision, MethodistDecisionAction } from './workflow-decision.ts';

/** Materials' reviews: one statement for a list of materials (the review desk asks for 100). */
export const materialReviews = perRequest((em) =>
  byMaterial((ids) => em.find(Review, { material: { $in: ids } }, { orderBy: { createdAt: 'asc', id: 'asc' } })),
);

/** The revision actions that open or close a round of review, and the archive; the last of them says whether a methodist's decision still stands. */
const ROUND_ACTIONS: Record<string, MethodistDecisionAction | null> = {
  submitted: null,
  returned: MethodistDecisionAction.RETURNED,
  rejected: MethodistDecisionAction.REJECTED,
  archived: MethodistDecisionAction.ARCHIVED,
};

/**
 * Each material's last return, rejection or archiving with the methodist's reason (kept in the revision's
 * changes as `comment`), unless it was sent to review again since: one statement for a list
 * («Мои материалы» asks for 100), reading only the round's revisions, not their snapshots.
 */
export const methodistDecisions = perRequest(
  (em) =>
    new DataLoader<string, MethodistDecision | null>(async (materialIds) => {
      const rows: Array<{ material_id: string; action: string; created_at: Date; reason: string | null; by: string | null }> = await em
        .getConnection()
        .execute(
          `select distinct on (r.material_id) r.material_id, r.action, r.created_at, r.changes->'comment'->>1 as reason, coalesce(r.author_name, u.name) as by
       from material_revision r left join app_user u on u.id = r.author_id
       where r.material_id in (select jsonb_array_elements_text(?::jsonb)::uuid) and r.action in (select jsonb_array_elements_text(?::jsonb))
       order by r.material_id, r.version desc, r.created_at desc`,
          [JSON.stringify(materialIds), JSON.stringify(Object.keys(ROUND_ACTIONS))],
        );
      const found = new Map<string, MethodistDecision | null>(
        rows.map((row) => {
          const action = ROUND_ACTIONS[row.action];
          return [row.material_id, action ? { action, at: new Date(row.created_at), reason: row.reason ?? '', by: row.by ?? '' } : null];
        }),
      );
      return materialIds.map((id) => found.get(id) ?? null);
    }),
);

/**
 * An expert's open assignments: on review, assigned to them, with no conclusion of theirs yet. The
 * header shows it on every page, so it is one statement on a partial index, and none for a role that
 * is never assigned.
 */
export async function openReviewCount(em: EntityManager, user: User): Promise<number> {
  if (user.role !== Role.EXPERT) return 0;
  const [row] = await em.getConnection().execute<Array<{ n: number }>>(
    `select count(*)::int as n from material m
     where m.reviewer_id = ? and m.status = 'IN_REVIEW'
       and not exists (select 1 from review r where r.material_id = m.id and r.reviewer_id = m.reviewer_id)`,
    [user.id],
  );
  return row!.n;
}
