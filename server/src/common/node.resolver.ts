import { ApiToken } from '../modules/tokens/api-token.entity.ts';
import { ImportJob } from '../modules/interop/import-job.entity.ts';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.ts';
import { AuditEvent, User } from '../modules/accounts/user.entity.ts';
import { can } from '../modules/accounts/policy.ts';
import { canSeeUnpublished } from '../modules/accounts/viewer.ts';
import { CollectionService } from '../modules/collections/collection.service.ts';
import { Review, ReviewCriterion } from '../modules/reviews/review.entity.ts';
import { MaterialRevision } from '../modules/materials/material-revision.entity.ts';
import { EducationLevel, Subject } from '../modules/dictionaries/dictionary.entity.ts';
import { MediaFileService } from '../modules/files/media-file.service.ts';
import { MATERIAL_TYPES } from '../modules/materials/material.entity.ts';
import { MaterialService } from '../modules/materials/material.service.ts';
import { Organization } from '../modules/organizations/organization.entity.ts';
import { MethodAssociation } from '../modules/people/method-association.entity.ts';
import { Person } from '../modules/people/person.entity.ts';
import { fromGlobalId } from './global-id.ts';
import { NodeEntity, typeNameOf } from './node.entity.ts';

type Finder = (ctx: Context, id: string) => Promise<NodeEntity | null>;

/** How each type is fetched by `node(id)`, each with the same visibility rules as its own query. */
const finders: Record<string, Finder> = {
  ...Object.fromEntries(MATERIAL_TYPES.map((type) => [type, ({ em, viewer }: Context, id: string) => new MaterialService(em, viewer).findById(id)])),
  Collection: ({ em, viewer }, id) => new CollectionService(em, viewer).findById(id),
  Person: ({ em }, id) => em.findOne(Person, { id }),
  Organization: ({ em }, id) => em.findOne(Organization, { id }),
  Subject: ({ em }, id) => em.findOne(Subject, { id }),
  EducationLevel: ({ em }, id) => em.findOne(EducationLevel, { id }),
  MethodAssociation: ({ em }, id) => em.findOne(MethodAssociation, { id }),
  MediaFile: ({ em, viewer }, id) => new MediaFileService(em, viewer).findById(id),
  ReviewCriterion: ({ em }, id) => em.findOne(ReviewCriterion, { id }),
  // Accounts: one's own, or any for an administrator; the workflow's inner records: the centre's editors.
  User: ({ em, viewer }, id) => (viewer && (viewer.userId === id || viewer.role === 'ADMIN') ? em.findOne(User, { id }) : Promise.resolve(null)),
  AuditEvent: ({ em, viewer }, id) => (can(viewer, 'audit.view') ? em.findOne(AuditEvent, { id }) : Promise.resolve(null)),
  Review: ({ em, viewer }, id) => (canSeeUnpublished(viewer) ? em.findOne(Review, { id }) : Promise.resolve(null)),
  MaterialRevision: ({ em, viewer }, id) => (canSeeUnpublished(viewer) ? em.findOne(MaterialRevision, { id }) : Promise.resolve(null)),
  ImportJob: ({ em, viewer }, id) => (canSeeUnpublished(viewer) ? em.findOne(ImportJob, viewer!.role === 'ADMIN' ? { id } : { id, createdBy: viewer!.userId }) : Promise.resolve(null)),
  ApiToken: ({ em, viewer }, id) => (canSeeUnpublished(viewer) ? em.findOne(ApiToken, viewer!.role === 'ADMIN' ? { id } : { id, createdBy: viewer!.userId }) : Promise.resolve(null)),
};

@Resolver()
export class NodeResolver {
  @Query(() => NodeEntity, { nullable: true, description: 'Любой объект по глобальному id' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const { type, id: key } = fromGlobalId(id, 'id', Object.keys(finders));
    const found = await finders[type]!(ctx, key);
    // An id minted for one type must not fetch an object of another (a Publication id naming a BestPractice).
    return found && typeNameOf(found) === type ? found : null;
  }
}
