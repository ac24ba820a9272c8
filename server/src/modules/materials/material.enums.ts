import { registerEnumType } from 'type-graphql';

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

registerEnumType(MaterialKind, {
  name: 'MaterialKind',
  description: 'Вид материала',
  valuesConfig: {
    BEST_PRACTICE: { description: 'Педагогическая практика (опыт)' },
    PUBLICATION: { description: 'Публикация, статья, сборник' },
    METHODOLOGICAL_MATERIAL: { description: 'Методический материал' },
    NORMATIVE_DOCUMENT: { description: 'Нормативный документ' },
  },
});
registerEnumType(MaterialStatus, {
  name: 'MaterialStatus',
  description: 'Состояние материала в процессе публикации',
  valuesConfig: {
    DRAFT: { description: 'Черновик' },
    IN_REVIEW: { description: 'На экспертизе' },
    PUBLISHED: { description: 'Опубликован' },
    REJECTED: { description: 'Отклонён' },
    ARCHIVED: { description: 'В архиве' },
  },
});
registerEnumType(ExpertLevel, {
  name: 'ExpertLevel',
  description: 'Уровень, на котором практика рекомендована к распространению',
  valuesConfig: {
    ORGANIZATION: { description: 'Уровень образовательной организации' },
    MUNICIPAL: { description: 'Муниципальный уровень' },
    REGIONAL: { description: 'Региональный уровень' },
  },
});
registerEnumType(MethodologicalMaterialType, {
  name: 'MethodologicalMaterialType',
  description: 'Тип методического материала',
  valuesConfig: {
    LESSON_PLAN: { description: 'Конспект урока (занятия)' },
    WORK_PROGRAMME: { description: 'Рабочая программа' },
    RECOMMENDATIONS: { description: 'Методические рекомендации' },
    EVENT_SCENARIO: { description: 'Сценарий мероприятия' },
    ASSESSMENT: { description: 'Контрольно-измерительные материалы (КИМ)' },
    PRESENTATION: { description: 'Презентация' },
  },
});
registerEnumType(LegalStatus, {
  name: 'LegalStatus',
  description: 'Действует ли нормативный документ',
  valuesConfig: { IN_FORCE: { description: 'Действует' }, REPEALED: { description: 'Утратил силу' } },
});
