import { registerLabelledEnum } from '../../common/enums.ts';

// The kinds and their fields' values are defined by the kind registry.
export {
  EXPERT_LEVEL_LABELS,
  ExpertLevel,
  KIND_LABELS,
  LEGAL_STATUS_LABELS,
  LegalStatus,
  MATERIAL_TYPE_LABELS,
  MaterialKind,
  MethodologicalMaterialType,
} from './kinds.ts';

export enum MaterialStatus {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  PUBLISHED = 'PUBLISHED',
  REJECTED = 'REJECTED',
  ARCHIVED = 'ARCHIVED',
}

/** Russian names of the values: the schema's descriptions and the facets' labels come from here. */
export const STATUS_LABELS = registerLabelledEnum(MaterialStatus, 'MaterialStatus', 'Состояние материала в процессе публикации', {
  DRAFT: 'Черновик',
  IN_REVIEW: 'На экспертизе',
  PUBLISHED: 'Опубликован',
  REJECTED: 'Отклонён',
  ARCHIVED: 'В архиве',
});
