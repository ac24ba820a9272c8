import { NodeEntity } from '../common/node.entity.ts';
import { AuditEvent, LoginThrottle, Session, User } from '../modules/accounts/user.entity.ts';
import { PasswordLink } from '../modules/accounts/password-link.entity.ts';
import { DigestSubscription } from '../modules/subscriptions/digest-subscription.entity.ts';
import { Collection, CollectionItem } from '../modules/collections/collection.entity.ts';
import { EducationLevel, Keyword, Subject } from '../modules/dictionaries/dictionary.entity.ts';
import { RetirableEntity } from '../modules/dictionaries/retirable.entity.ts';
import { MediaFile } from '../modules/files/media-file.entity.ts';
import { MaterialFile } from '../modules/materials/material-file.entity.ts';
import { KIND_CLASSES, Material, MaterialAuthor } from '../modules/materials/material.entity.ts';
import { MaterialRevision } from '../modules/materials/material-revision.entity.ts';
import { Organization } from '../modules/organizations/organization.entity.ts';
import { MethodAssociation } from '../modules/people/method-association.entity.ts';
import { Person } from '../modules/people/person.entity.ts';
import { SearchOutbox } from '../modules/search/outbox.entity.ts';
import { SearchSynonym } from '../modules/search/synonym.entity.ts';
import { Review, ReviewCriterion } from '../modules/reviews/review.entity.ts';
import { ApiToken, ApiTokenUsage } from '../modules/tokens/api-token.entity.ts';
import { ImportJob } from '../modules/interop/import-job.entity.ts';
import { Survey, SurveyResponse } from '../modules/surveys/survey.entity.ts';

/** Listed, not discovered from a glob: the same list works from sources, tests and a bundle. */
export const entities = [
  NodeEntity,
  RetirableEntity,
  Subject,
  EducationLevel,
  Keyword,
  Organization,
  Person,
  MethodAssociation,
  Material,
  MaterialAuthor,
  ...Object.values(KIND_CLASSES),
  MediaFile,
  MaterialFile,
  Collection,
  CollectionItem,
  SearchOutbox,
  SearchSynonym,
  User,
  Session,
  LoginThrottle,
  AuditEvent,
  PasswordLink,
  DigestSubscription,
  ApiToken,
  ApiTokenUsage,
  ImportJob,
  Survey,
  SurveyResponse,
  Review,
  ReviewCriterion,
  MaterialRevision,
];
