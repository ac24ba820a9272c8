import { registerLabelledEnum } from '../../common/enums.ts';

export enum MaterialKind {
  BEST_PRACTICE = 'BEST_PRACTICE',
  PUBLICATION = 'PUBLICATION',
  METHODOLOGICAL_MATERIAL = 'METHODOLOGICAL_MATERIAL',
  NORMATIVE_DOCUMENT = 'NORMATIVE_DOCUMENT',
}

export enum MaterialStatus {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  PUBLISHED = 'PUBLISHED',
  REJECTED = 'REJECTED',
  ARCHIVED = 'ARCHIVED',
}

/** The level a best practice is recommended at after expert review. */
export enum ExpertLevel {
  ORGANIZATION = 'ORGANIZATION',
  MUNICIPAL = 'MUNICIPAL',
  REGIONAL = 'REGIONAL',
}

export enum MethodologicalMaterialType {
  LESSON_PLAN = 'LESSON_PLAN',
  WORK_PROGRAMME = 'WORK_PROGRAMME',
  RECOMMENDATIONS = 'RECOMMENDATIONS',
  EVENT_SCENARIO = 'EVENT_SCENARIO',
  ASSESSMENT = 'ASSESSMENT',
  PRESENTATION = 'PRESENTATION',
}

export enum LegalStatus {
  IN_FORCE = 'IN_FORCE',
  REPEALED = 'REPEALED',
}

/** Russian names of the values: the schema's descriptions and the facets' labels come from here. */
export const KIND_LABELS: Record<MaterialKind, string> = {
  BEST_PRACTICE: 'Педагогическая практика',
  PUBLICATION: 'Публикация',
  METHODOLOGICAL_MATERIAL: 'Методический материал',
  NORMATIVE_DOCUMENT: 'Нормативный документ',
};
export const STATUS_LABELS: Record<MaterialStatus, string> = {
  DRAFT: 'Черновик',
  IN_REVIEW: 'На экспертизе',
  PUBLISHED: 'Опубликован',
  REJECTED: 'Отклонён',
  ARCHIVED: 'В архиве',
};
export const EXPERT_LEVEL_LABELS: Record<ExpertLevel, string> = {
  ORGANIZATION: 'Уровень образовательной организации',
  MUNICIPAL: 'Муниципальный уровень',
  REGIONAL: 'Региональный уровень',
};
export const MATERIAL_TYPE_LABELS: Record<MethodologicalMaterialType, string> = {
  LESSON_PLAN: 'Конспект урока (занятия)',
  WORK_PROGRAMME: 'Рабочая программа',
  RECOMMENDATIONS: 'Методические рекомендации',
  EVENT_SCENARIO: 'Сценарий мероприятия',
  ASSESSMENT: 'Контрольно-измерительные материалы (КИМ)',
  PRESENTATION: 'Презентация',
};
export const LEGAL_STATUS_LABELS: Record<LegalStatus, string> = { IN_FORCE: 'Действует', REPEALED: 'Утратил силу' };

registerLabelledEnum(MaterialKind, 'MaterialKind', 'Вид материала', KIND_LABELS);
registerLabelledEnum(MaterialStatus, 'MaterialStatus', 'Состояние материала в процессе публикации', STATUS_LABELS);
registerLabelledEnum(ExpertLevel, 'ExpertLevel', 'Уровень, на котором практика рекомендована к распространению', EXPERT_LEVEL_LABELS);
registerLabelledEnum(MethodologicalMaterialType, 'MethodologicalMaterialType', 'Тип методического материала', MATERIAL_TYPE_LABELS);
registerLabelledEnum(LegalStatus, 'LegalStatus', 'Действует ли нормативный документ', LEGAL_STATUS_LABELS);
