import { perRequest } from '../../common/per-request.ts';
import { byMaterial } from '../materials/material-relations.ts';
import { Review } from '../reviews/review.entity.ts';

/** Materials' reviews: one statement for a list of materials (the review desk asks for 100). */
export const materialReviews = perRequest((em) => byMaterial((ids) => em.find(Review, { material: { $in: ids } }, { orderBy: { createdAt: 'asc', id: 'asc' } })));
