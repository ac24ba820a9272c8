import { registerLabelledEnum } from '../../common/enums.ts';

/**
 * The kinds of material, one entry each: what the API, the database columns, the editor, the
 * import and export, the workflow and the page's JSON-LD know about a kind comes from here.
 * Adding a kind: an entry below, its entity class in material.entity.ts (`@KindEntity`, a property
 * with `@OwnField()` per field) and a migration (the enum value and the columns).
 * This file is plain data: the client's code generator reads it too.
 */

/** A name in the interface's two languages: Russian, then English. */
export type Names = readonly [ru: string, en: string];

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

export const EXPERT_LEVEL_LABELS = registerLabelledEnum(
  ExpertLevel,
  'ExpertLevel',
  'Уровень, на котором практика рекомендована к распространению',
  {
    ORGANIZATION: 'Уровень образовательной организации',
    MUNICIPAL: 'Муниципальный уровень',
    REGIONAL: 'Региональный уровень',
  },
);
export const MATERIAL_TYPE_LABELS = registerLabelledEnum(
  MethodologicalMaterialType,
  'MethodologicalMaterialType',
  'Тип методического материала',
  {
    LESSON_PLAN: 'Конспект урока (занятия)',
    WORK_PROGRAMME: 'Рабочая программа',
    RECOMMENDATIONS: 'Методические рекомендации',
    EVENT_SCENARIO: 'Сценарий мероприятия',
    ASSESSMENT: 'Контрольно-измерительные материалы (КИМ)',
    PRESENTATION: 'Презентация',
  },
);
export const LEGAL_STATUS_LABELS = registerLabelledEnum(LegalStatus, 'LegalStatus', 'Действует ли нормативный документ', {
  IN_FORCE: 'Действует',
  REPEALED: 'Утратил силу',
});

/** Text formats checked beyond length (the rules are in material-fields.ts). */
export type TextFormat = 'url' | 'isbn' | 'doi';

interface FieldBase {
  /** The label forms and pages show. */
  label: Names;
  /** The API's description; the Russian label when absent. */
  description?: string;
  /** Given by a step of the workflow, not typed in the editor (a practice's level, at publication). */
  editor?: false;
}

/** A kind's own field: its column, API type, editor input, import column and limits follow from it. */
export type OwnField =
  | (FieldBase & { type: 'text'; max: number; long?: boolean; format?: TextFormat })
  | (FieldBase & { type: 'int'; min: number; max: number; format?: 'year' })
  | (FieldBase & { type: 'date' })
  | (FieldBase & { type: 'enum'; enum: { name: string; values: Record<string, string>; labels: Record<string, string> } });

/** What a material must have before it goes to review: one of its own fields, or a list that must not be empty. */
export type Requirement = string;

export interface KindSpec {
  /** The GraphQL type and the entity class. */
  typename: string;
  /** Singular and plural. */
  names: { one: Names; many: Names };
  description: string;
  /** schema.org type of the material page's JSON-LD. */
  jsonLd: string;
  /** Own fields, in the order the editor and the page show them. Names are unique across kinds. */
  fields: Record<string, OwnField>;
  /** Filled before review (besides an author, which every kind needs); `grades` is waived for levels without grades. */
  submit: readonly Requirement[];
  /** Own fields the publication itself sets (publishMaterial's `level` for a practice). */
  publish: readonly string[];
}

const longText = (ru: string, en: string, description?: string): OwnField => ({
  type: 'text',
  max: 20_000,
  long: true,
  label: [ru, en],
  description,
});

export const KINDS = {
  BEST_PRACTICE: {
    typename: 'BestPractice',
    names: { one: ['Педагогическая практика', 'Best practice'], many: ['Педагогические практики', 'Best practices'] },
    description: 'Педагогическая практика (опыт)',
    jsonLd: 'LearningResource',
    fields: {
      problem: longText('Проблема', 'Problem', 'Проблема, которую решает практика'),
      goal: longText('Цель', 'Goal'),
      novelty: longText('Новизна', 'Novelty'),
      results: longText('Результаты', 'Results'),
      reuseConditions: longText(
        'Условия использования опыта',
        'Conditions for reuse',
        'Условия для использования опыта другими педагогами',
      ),
      expertLevel: {
        type: 'enum',
        enum: { name: 'ExpertLevel', values: ExpertLevel, labels: EXPERT_LEVEL_LABELS },
        editor: false,
        label: ['Рекомендована на уровне', 'Recommended at'],
        description: 'Уровень, на котором практика рекомендована',
      },
    },
    submit: ['problem', 'goal', 'results', 'subjects', 'levels', 'grades'],
    publish: ['expertLevel'],
  },
  PUBLICATION: {
    typename: 'Publication',
    names: { one: ['Публикация', 'Publication'], many: ['Публикации', 'Publications'] },
    description: 'Публикация: статья, сборник, пособие',
    jsonLd: 'LearningResource',
    fields: {
      source: { type: 'text', max: 500, label: ['Источник', 'Source'], description: 'Источник: журнал, сборник, издательство' },
      year: { type: 'int', min: 1900, max: 2100, format: 'year', label: ['Год', 'Year'], description: 'Год издания' },
      pages: { type: 'text', max: 50, label: ['Страницы', 'Pages'], description: 'Страницы, например «12–18»' },
      isbn: { type: 'text', max: 30, format: 'isbn', label: ['ISBN', 'ISBN'] },
      issn: { type: 'text', max: 30, label: ['ISSN', 'ISSN'] },
      doi: { type: 'text', max: 200, format: 'doi', label: ['DOI', 'DOI'] },
      url: { type: 'text', max: 2000, format: 'url', label: ['Адрес в интернете (URL)', 'Web address (URL)'] },
    },
    submit: [],
    publish: [],
  },
  METHODOLOGICAL_MATERIAL: {
    typename: 'MethodologicalMaterial',
    names: { one: ['Методический материал', 'Methodological material'], many: ['Методические материалы', 'Methodological materials'] },
    description: 'Методический материал',
    jsonLd: 'LearningResource',
    fields: {
      materialType: {
        type: 'enum',
        enum: { name: 'MethodologicalMaterialType', values: MethodologicalMaterialType, labels: MATERIAL_TYPE_LABELS },
        label: ['Тип материала', 'Material type'],
      },
    },
    submit: [],
    publish: [],
  },
  NORMATIVE_DOCUMENT: {
    typename: 'NormativeDocument',
    names: { one: ['Нормативный документ', 'Normative document'], many: ['Нормативные документы', 'Normative documents'] },
    description: 'Нормативный документ',
    jsonLd: 'Legislation',
    fields: {
      number: { type: 'text', max: 100, label: ['Номер', 'Number'], description: 'Номер документа' },
      adoptedAt: { type: 'date', label: ['Дата принятия', 'Adopted on'], description: 'Дата принятия (ГГГГ-ММ-ДД)' },
      issuer: { type: 'text', max: 500, label: ['Принят', 'Issued by'], description: 'Орган, принявший документ' },
      legalStatus: {
        type: 'enum',
        enum: { name: 'LegalStatus', values: LegalStatus, labels: LEGAL_STATUS_LABELS },
        label: ['Статус', 'Status'],
      },
    },
    submit: [],
    publish: [],
  },
} as const satisfies Record<string, KindSpec>;

export type MaterialKind = keyof typeof KINDS;
/** The kinds as an enum-like object: `MaterialKind.BEST_PRACTICE`. */
export const MaterialKind = Object.fromEntries(Object.keys(KINDS).map((kind) => [kind, kind])) as { readonly [K in MaterialKind]: K };

export const KIND_LIST = Object.keys(KINDS) as MaterialKind[];
export const kindSpec = (kind: MaterialKind): KindSpec => KINDS[kind];

/** Russian names of the kinds: the schema's descriptions, facets, reports, feeds. */
export const KIND_LABELS = registerLabelledEnum(
  MaterialKind,
  'MaterialKind',
  'Вид материала',
  Object.fromEntries(KIND_LIST.map((kind) => [kind, KINDS[kind].names.one[0]])) as Record<MaterialKind, string>,
);

/** The GraphQL type names of the kinds (what global ids of materials carry). */
export const MATERIAL_TYPES: readonly string[] = KIND_LIST.map((kind) => KINDS[kind].typename);

export interface NamedField {
  name: string;
  kind: MaterialKind;
  spec: OwnField;
}

/** Every own field by name, with its kind. */
export const OWN_FIELDS = new Map<string, NamedField>();
for (const kind of KIND_LIST) {
  for (const [name, spec] of Object.entries(KINDS[kind].fields) as Array<[string, OwnField]>) {
    const taken = OWN_FIELDS.get(name);
    if (taken)
      throw new Error(
        `Поле ${name} есть у видов ${taken.kind} и ${kind}: имена собственных полей видов не повторяются (они делят колонки таблицы material)`,
      );
    OWN_FIELDS.set(name, { name, kind, spec });
  }
}

/** A kind's own fields in order. */
export const ownFieldsOf = (kind: MaterialKind): NamedField[] => [...OWN_FIELDS.values()].filter((field) => field.kind === kind);

/** The kind of a GraphQL type name. */
export const kindOfType = (typename: string): MaterialKind | undefined => KIND_LIST.find((kind) => KINDS[kind].typename === typename);
