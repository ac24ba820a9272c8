import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { NodeResolver } from './common/node.resolver.ts';
import { AccountResolver } from './modules/accounts/account.resolver.ts';
import { AdminResolver } from './modules/accounts/admin.resolver.ts';
import { BackupResolver } from './modules/backup/backup.resolver.ts';
import { validateInput } from './common/validation.ts';
import { CollectionResolver } from './modules/collections/collection.resolver.ts';
import { DictionaryResolver, EducationLevelResolver } from './modules/dictionaries/dictionary.resolver.ts';
import {
  EducationLevelAdminResolver,
  MethodAssociationAdminResolver,
  ReviewCriterionResolver,
  SubjectAdminResolver,
} from './modules/dictionary-admin/dictionary-admin.resolver.ts';
import { KIND_CLASSES } from './modules/materials/material.entity.ts';
import { MaterialEditResolver, RevisionFields } from './modules/materials/material-edit.resolver.ts';
import { MaterialResolver } from './modules/materials/material.resolver.ts';
import { OrganizationMaterialsFields, PersonMaterialsFields, UserMaterialsFields } from './modules/materials/material-lists.resolver.ts';
import { TokenResolver } from './modules/tokens/token.resolver.ts';
import { ImportJobResolver } from './modules/interop/import-job.resolver.ts';
import { AttachmentFields, MediaFileFields, MediaFileResolver } from './modules/materials/media-file.resolver.ts';
import { OrganizationResolver } from './modules/organizations/organization.resolver.ts';
import { MethodAssociationResolver, OrganizationPeopleFields, PersonResolver } from './modules/people/person.resolver.ts';
import { RelatedMaterialsField, SearchHitFields, SearchResolver } from './modules/search/search.resolver.ts';
import { SynonymResolver } from './modules/search/synonym.resolver.ts';
import { StatisticsResolver } from './modules/statistics/statistics.resolver.ts';
import { SurveyResolver } from './modules/surveys/survey.resolver.ts';
import { DirectoryResolver } from './modules/directory/directory.resolver.ts';
import { SubscriptionResolver } from './modules/subscriptions/subscription.resolver.ts';
import { ExpertAssignmentFields, MaterialWorkflowFields, ReviewFields, WorkflowResolver } from './modules/workflow/workflow.resolver.ts';

export function buildKbSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      NodeResolver,
      AccountResolver,
      AdminResolver,
      MaterialResolver,
      MaterialEditResolver,
      PersonMaterialsFields,
      OrganizationMaterialsFields,
      UserMaterialsFields,
      PersonResolver,
      MethodAssociationResolver,
      OrganizationPeopleFields,
      OrganizationResolver,
      DictionaryResolver,
      EducationLevelResolver,
      SubjectAdminResolver,
      EducationLevelAdminResolver,
      MethodAssociationAdminResolver,
      ReviewCriterionResolver,
      CollectionResolver,
      SearchResolver,
      SearchHitFields,
      RelatedMaterialsField,
      SynonymResolver,
      WorkflowResolver,
      MaterialWorkflowFields,
      ReviewFields,
      ExpertAssignmentFields,
      RevisionFields,
      DirectoryResolver,
      MediaFileResolver,
      MediaFileFields,
      TokenResolver,
      ImportJobResolver,
      SubscriptionResolver,
      AttachmentFields,
      StatisticsResolver,
      SurveyResolver,
      BackupResolver,
    ],
    // The kinds are reached through the Material interface only, so they are listed here.
    orphanedTypes: Object.values(KIND_CLASSES),
    validateFn: validateInput,
  });
}

/** The SDL as committed in schema.graphql: sorted, so that the file changes only when the API does. */
export function printKbSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
