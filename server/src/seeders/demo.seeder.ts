import { ref, type EntityManager } from '@mikro-orm/core';
import { Collection, CollectionItem } from '../modules/collections/collection.entity.ts';
import { EducationLevel, cleanKeyword, Keyword, keywordKey, Subject } from '../modules/dictionaries/dictionary.entity.ts';
import {
  BestPractice,
  Material,
  MaterialAuthor,
  MethodologicalMaterial,
  NormativeDocument,
  Publication,
} from '../modules/materials/material.entity.ts';
import { ExpertLevel, MaterialStatus, MethodologicalMaterialType } from '../modules/materials/material.enums.ts';
import { Organization } from '../modules/organizations/organization.entity.ts';
import { MethodAssociation } from '../modules/people/method-association.entity.ts';
import { Person, QualificationCategory } from '../modules/people/person.entity.ts';
import * as district from './data/district.ts';
import { NORMATIVE_DOCUMENTS } from './data/normative.ts';
import * as texts from './data/texts.ts';
import { CROSS_CUTTING_PRACTICES, MEDIA_OUTLETS, TOPICS, type TopicSet } from './data/topics.ts';

export const DEMO_PUBLISHED_MATERIALS = 150;
export const DEMO_UNPUBLISHED_MATERIALS = 10;

/** A small deterministic generator (mulberry32): the same corpus on every machine. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, pick, int };
}

export async function isDatabaseEmpty(em: EntityManager): Promise<boolean> {
  return (await em.count(Material, {})) === 0;
}

export interface SeedSummary {
  organizations: number;
  people: number;
  materials: number;
  collections: number;
}

export async function seedDemo(em: EntityManager): Promise<SeedSummary> {
  return em.transactional((tx) => new DemoCorpus(tx).build());
}

interface Draft {
  type: typeof BestPractice | typeof Publication | typeof MethodologicalMaterial;
  title: string;
  topic: string;
  grades: number[];
  keywords: string[];
  fields: (context: texts.TextContext, publishedAt: Date | undefined) => Record<string, unknown>;
}

/** Titles as a methodist would write them; "{grade}" is filled once the grade is known. */
function methodicalTitle(type: MethodologicalMaterialType, set: TopicSet, lesson: string): string {
  const topic = lesson.split('|')[0]!;
  switch (type) {
    case MethodologicalMaterialType.LESSON_PLAN:
      return `Конспект урока «${topic}»{grade}`;
    case MethodologicalMaterialType.WORK_PROGRAMME:
      return `Рабочая программа по учебному предмету «${set.subject}» (${set.level}), раздел «${topic}»`;
    case MethodologicalMaterialType.ASSESSMENT:
      return `КИМ по теме «${topic}»{grade}`;
    case MethodologicalMaterialType.EVENT_SCENARIO:
      return `Сценарий внеклассного мероприятия «${topic}»`;
    case MethodologicalMaterialType.RECOMMENDATIONS:
      return `Методические рекомендации по теме «${topic}»: типичные затруднения и пути их преодоления`;
    case MethodologicalMaterialType.PRESENTATION:
      return `Презентация к уроку «${topic}»`;
  }
}

class DemoCorpus {
  private rnd = random(20261122);
  private subjects = new Map<string, Subject>();
  private levels = new Map<string, EducationLevel>();
  private keywords = new Map<string, Keyword>();
  private organizations = new Map<string, Organization>();
  private people: Person[] = [];
  private materials: Material[] = [];
  private sequence = 0;

  constructor(private readonly em: EntityManager) {}

  async build(): Promise<SeedSummary> {
    this.dictionaries();
    this.orgs();
    this.teachers();
    this.associations();
    this.normative();
    this.generated();
    const collections = this.collections();
    await this.em.flush();
    return { organizations: this.organizations.size, people: this.people.length, materials: this.materials.length, collections };
  }

  private dictionaries() {
    district.LEVELS.forEach((level, position) => this.levels.set(level.code, this.em.create(EducationLevel, { ...level, position })));
    district.SUBJECTS.forEach((name, position) => {
      const subject = this.em.create(Subject, { name, position });
      subject.levels.set(district.subjectLevels(name).map((code) => this.levels.get(code)!));
      this.subjects.set(name, subject);
    });
  }

  private keyword(name: string): Keyword {
    const key = keywordKey(name);
    let keyword = this.keywords.get(key);
    if (!keyword) this.keywords.set(key, (keyword = this.em.create(Keyword, { name: cleanKeyword(name), key })));
    return keyword;
  }

  private orgs() {
    for (const { key, ...org } of district.ORGANIZATIONS) this.organizations.set(key, this.em.create(Organization, { ...org }));
  }

  /** 40 teachers: subject teachers in the schools, educators in the kindergartens, methodists in the centres. */
  private teachers() {
    const schools = ['sch1', 'sch1', 'sch2', 'sch2', 'sch3', 'sch5', 'sch6', 'mag'];
    const subjectNames = district.SUBJECTS.filter((s) => s !== 'Дошкольное образование');
    const plan: Array<{ org: string; subject: string; position?: string }> = [];
    for (let i = 0; i < 30; i++) plan.push({ org: schools[i % schools.length]!, subject: subjectNames[i % subjectNames.length]! });
    for (let i = 0; i < 5; i++) plan.push({ org: i % 2 ? 'dou2' : 'dou', subject: 'Дошкольное образование' });
    plan.push({ org: 'udo', subject: 'Технология', position: 'педагог дополнительного образования' });
    plan.push({ org: 'udo', subject: 'Изобразительное искусство', position: 'педагог дополнительного образования' });
    plan.push({ org: 'imc', subject: 'Математика', position: 'методист ИМЦ' });
    plan.push({ org: 'imc', subject: 'Русский язык', position: 'методист ИМЦ' });
    plan.push({ org: 'imo', subject: 'Окружающий мир', position: 'методист ИМО' });

    const categories = [
      QualificationCategory.HIGHEST,
      QualificationCategory.FIRST,
      QualificationCategory.FIRST,
      QualificationCategory.CONFORMITY,
      QualificationCategory.NONE,
    ];
    plan.forEach((p, i) => {
      const male = i % 6 === 5;
      const fullName = male
        ? `${district.SURNAMES_M[i % district.SURNAMES_M.length]} ${this.rnd.pick(district.NAMES_M)} ${this.rnd.pick(district.PATRONYMICS_M)}`
        : `${district.SURNAMES_F[i % district.SURNAMES_F.length]} ${this.rnd.pick(district.NAMES_F)} ${this.rnd.pick(district.PATRONYMICS_F)}`;
      const young = i % 7 === 3;
      const person = this.em.create(Person, {
        fullName,
        position: p.position ?? district.POSITIONS[p.subject],
        organization: this.organizations.get(p.org)!,
        qualificationCategory: young ? QualificationCategory.NONE : this.rnd.pick(categories),
        experienceYears: young ? this.rnd.int(0, 2) : this.rnd.int(4, 35),
      });
      person.subjects.add(this.subjects.get(p.subject)!);
      if (p.subject === 'Русский язык') person.subjects.add(this.subjects.get('Литература')!);
      if (p.subject === 'История') person.subjects.add(this.subjects.get('Обществознание')!);
      this.people.push(person);
    });
  }

  private teachersOf(subject: string): Person[] {
    const found = this.people.filter((p) => p.subjects.getItems().some((s) => s.name === subject));
    return found.length ? found : this.people;
  }

  private associations() {
    for (const subject of ['Математика', 'Русский язык', 'Окружающий мир', 'Дошкольное образование', 'История']) {
      const members = this.teachersOf(subject);
      const association = this.em.create(MethodAssociation, {
        name:
          subject === 'Окружающий мир'
            ? 'РМО учителей начальных классов'
            : subject === 'Дошкольное образование'
              ? 'РМО воспитателей ДОУ'
              : `РМО учителей предмета «${subject}»`,
        subject: this.subjects.get(subject)!,
        leader: members[0]!,
      });
      association.members.set(members);
    }
  }

  private attach(
    material: Material,
    opts: { subjects?: string[]; levels: string[]; keywords: string[]; authors: Person[]; organization?: Organization },
  ) {
    for (const name of opts.subjects ?? []) material.subjects.add(this.subjects.get(name)!);
    for (const code of opts.levels) material.levels.add(this.levels.get(code)!);
    for (const word of opts.keywords) material.keywords.add(this.keyword(word));
    opts.authors.forEach((person, position) => this.em.create(MaterialAuthor, { material, person, position }));
    if (opts.organization) material.organization = ref(opts.organization);
    this.materials.push(material);
  }

  /** Publication dates spread over the last four school years, newest last. */
  private publishedAt(): Date {
    this.sequence += 1;
    const start = Date.UTC(2023, 0, 10);
    const end = Date.UTC(2026, 10, 15);
    const step = (end - start) / (DEMO_PUBLISHED_MATERIALS + DEMO_UNPUBLISHED_MATERIALS);
    return new Date(start + step * this.sequence + this.rnd.int(0, 86_400_000 * 3));
  }

  private normative() {
    for (const doc of NORMATIVE_DOCUMENTS) {
      const material = this.em.create(NormativeDocument, {
        externalId: doc.externalId,
        title: doc.title,
        summary: doc.summary,
        body: doc.body,
        number: doc.number,
        adoptedAt: doc.adoptedAt,
        issuer: doc.issuer,
        legalStatus: doc.legalStatus,
        status: MaterialStatus.PUBLISHED,
        publishedAt: this.publishedAt(),
      });
      const organization = doc.organization ? this.organizations.get(doc.organization) : this.organizations.get('imc');
      this.attach(material, { levels: doc.levels, keywords: doc.keywords, authors: [], organization });
    }
  }

  /** Everything else: practices, methodical materials and publications over the topic table. */
  private generated() {
    const total = DEMO_PUBLISHED_MATERIALS + DEMO_UNPUBLISHED_MATERIALS;
    const unpublished = [
      MaterialStatus.DRAFT,
      MaterialStatus.IN_REVIEW,
      MaterialStatus.REJECTED,
      MaterialStatus.DRAFT,
      MaterialStatus.IN_REVIEW,
    ];
    for (let i = 0; this.materials.length < total; i++) {
      const set = TOPICS[i % TOPICS.length]!;
      const status =
        this.materials.length >= total - DEMO_UNPUBLISHED_MATERIALS
          ? unpublished[this.materials.length % unpublished.length]!
          : MaterialStatus.PUBLISHED;
      const roll = i % 10;
      const draft = (roll < 3 && this.practice(set)) || (roll >= 8 && this.publication(set)) || this.methodical(set);
      if (!draft) {
        if (i > 10 * total) throw new Error('demo corpus: the topic table ran out of distinct titles');
        continue;
      }
      const authors = this.pickAuthors(set);
      const organization = authors[0]!.organization!.getEntity();
      const context: texts.TextContext = {
        subject: set.subject,
        topic: draft.topic,
        grades: draft.grades,
        level: set.level,
        organization: organization.shortName ?? organization.name,
        pick: this.rnd.pick,
      };
      const publishedAt = status === MaterialStatus.PUBLISHED ? this.publishedAt() : undefined;
      const material = this.em.create(draft.type as typeof BestPractice, {
        externalId: `demo-${String(this.materials.length + 1).padStart(3, '0')}`,
        status,
        grades: draft.grades,
        publishedAt,
        viewCount: publishedAt ? this.rnd.int(5, 900) : 0,
        downloadCount: publishedAt ? this.rnd.int(0, 250) : 0,
        title: draft.title,
        ...draft.fields(context, publishedAt),
      });
      if (material instanceof BestPractice && !publishedAt) material.expertLevel = undefined;
      this.attach(material, {
        subjects: [set.subject],
        levels: [set.level],
        keywords: [...set.keywords, ...draft.keywords],
        authors,
        organization,
      });
    }
  }

  private used = new Set<string>();
  private cursor = new Map<string, number>();

  /** The first candidate title nobody has used yet, so that no two materials share a title. */
  private claim(titles: string[]): string | undefined {
    const title = titles.find((t) => !this.used.has(t));
    if (title) this.used.add(title);
    return title;
  }

  /** Round-robin over a list per topic set, so that every topic gets its turn. */
  private next<T>(key: string, items: readonly T[]): T[] {
    const start = this.cursor.get(key) ?? 0;
    this.cursor.set(key, start + 1);
    return items.map((_, k) => items[(start + k) % items.length]!);
  }

  private lessonGrades(set: TopicSet, lesson: string): { topic: string; grades: number[] } {
    const [topic, pinned] = lesson.split('|');
    return { topic: topic!, grades: pinned ? [Number(pinned)] : this.gradesFor(set) };
  }

  private practice(set: TopicSet): Draft | undefined {
    const cross = CROSS_CUTTING_PRACTICES.map((c) => ({ title: `${c.title} (${set.subject.toLowerCase()})`, keywords: c.keywords }));
    const options = [...set.practices.map((title) => ({ title, keywords: [] as string[] })), ...this.next(`cross:${set.subject}`, cross)];
    const title = this.claim(options.map((o) => o.title));
    if (!title) return undefined;
    const option = options.find((o) => o.title === title)!;
    return {
      type: BestPractice,
      title,
      topic: title.replace(/ \([^)]*\)$/, ''),
      grades: this.gradesFor(set),
      keywords: [...option.keywords, 'педагогическая практика'],
      fields: (c) => {
        const sections = texts.practiceSections(c);
        return {
          summary: `${sections.goal} ${sections.results}`,
          body: texts.practiceBody(c, sections),
          problem: sections.problem,
          goal: sections.goal,
          novelty: sections.novelty,
          results: sections.results,
          reuseConditions: sections.reuse,
          expertLevel: this.rnd.pick([ExpertLevel.ORGANIZATION, ExpertLevel.MUNICIPAL, ExpertLevel.MUNICIPAL, ExpertLevel.REGIONAL]),
        };
      },
    };
  }

  private publication(set: TopicSet): Draft | undefined {
    const options = this.next(`pub:${set.subject}:${set.level}`, [
      ...set.practices.map((practice) => ({ title: `${practice}: итоги двух лет работы`, topic: practice, lesson: undefined })),
      ...set.lessons.map((lesson) => ({
        title: `Изучение темы «${lesson.split('|')[0]}»: приёмы, которые работают`,
        topic: lesson.split('|')[0]!,
        lesson,
      })),
      ...set.lessons.map((lesson) => ({
        title: `Исследовательская работа обучающихся по теме «${lesson.split('|')[0]}»`,
        topic: lesson.split('|')[0]!,
        lesson,
      })),
    ]);
    const title = this.claim(options.map((o) => o.title));
    if (!title) return undefined;
    const { topic, lesson } = options.find((o) => o.title === title)!;
    return {
      type: Publication,
      title,
      topic,
      grades: lesson ? this.lessonGrades(set, lesson).grades : this.gradesFor(set),
      keywords: ['публикация', 'обобщение опыта'],
      fields: (c, publishedAt) => {
        const start = this.rnd.int(5, 120);
        return {
          summary: `Статья обобщает опыт работы педагога (${c.organization}) по теме «${topic}» и адресована учителям предмета «${set.subject}».`,
          body: texts.publicationBody(c),
          source: this.rnd.pick(MEDIA_OUTLETS),
          year: (publishedAt ?? new Date()).getUTCFullYear(),
          pages: `${start}–${start + this.rnd.int(3, 9)}`,
          isbn: this.rnd.next() < 0.4 ? `978-5-${this.rnd.int(7000, 9999)}-${this.rnd.int(1000, 9999)}-${this.rnd.int(0, 9)}` : undefined,
        };
      },
    };
  }

  private methodical(set: TopicSet): Draft | undefined {
    const combos = this.next(`lesson:${set.subject}:${set.level}`, set.lessons).flatMap((lesson) =>
      this.next(`type:${set.subject}:${set.level}`, Object.values(MethodologicalMaterialType)).map((type) => ({ lesson, type })),
    );
    const titles = combos.map(({ lesson, type }) => methodicalTitle(type, set, lesson));
    const title = this.claim(titles);
    if (!title) return undefined;
    const { lesson, type } = combos[titles.indexOf(title)]!;
    const { topic, grades } = this.lessonGrades(set, lesson);
    const who = texts.gradesLabel(grades);
    const keyword =
      type === MethodologicalMaterialType.ASSESSMENT
        ? 'КИМ'
        : type === MethodologicalMaterialType.WORK_PROGRAMME
          ? 'рабочая программа'
          : 'методический материал';
    const content: Record<MethodologicalMaterialType, [string, (c: texts.TextContext) => string]> = {
      LESSON_PLAN: [
        `Разработка урока по предмету «${set.subject}» для ${who} с целями по ФГОС, этапами урока и дифференцированным домашним заданием.`,
        texts.lessonPlanBody,
      ],
      WORK_PROGRAMME: [
        `Рабочая программа по ФГОС и ФОП с тематическим планированием и планируемыми результатами для ${who}.`,
        texts.workProgrammeBody,
      ],
      ASSESSMENT: [
        'Контрольная работа в двух частях со спецификацией, кодификатором, ответами и критериями оценивания.',
        texts.assessmentBody,
      ],
      EVENT_SCENARIO: [
        `Игровое мероприятие по предмету «${set.subject}» для ${who} с заданиями по станциям и критериями для жюри.`,
        texts.scenarioBody,
      ],
      RECOMMENDATIONS: [
        `Рекомендации для учителей предмета «${set.subject}» по итогам муниципальной диагностики.`,
        texts.recommendationsBody,
      ],
      PRESENTATION: [
        `Презентация для сопровождения урока по предмету «${set.subject}» (${who}): опорные схемы, задания для устной работы, рефлексия.`,
        texts.lessonPlanBody,
      ],
    };
    const [summary, body] = content[type];
    return {
      type: MethodologicalMaterial,
      title: title.replace('{grade}', grades.length ? `, ${grades[0]} класс` : ''),
      topic,
      grades,
      keywords: [keyword],
      fields: (c) => ({ summary, body: body(c), materialType: type }),
    };
  }

  private gradesFor(set: TopicSet): number[] {
    if (set.grades.length === 0) return [];
    const from = this.rnd.int(0, set.grades.length - 1);
    return set.grades.slice(from, from + this.rnd.int(1, 2));
  }

  /** One author mostly, sometimes two colleagues of one school. */
  private pickAuthors(set: TopicSet): Person[] {
    const teachers = this.teachersOf(set.subject);
    const first = this.rnd.pick(teachers);
    if (this.rnd.next() < 0.75) return [first];
    const colleague = this.people.find((p) => p !== first && p.organization?.id === first.organization?.id && this.rnd.next() < 0.5);
    return colleague ? [first, colleague] : [first];
  }

  private collections(): number {
    const published = this.materials.filter((m) => m.status === MaterialStatus.PUBLISHED);
    const has = (m: Material, word: string) => m.keywords.getItems().some((k) => k.key === word);
    const specs = [
      {
        title: 'Функциональная грамотность: лучшие практики района',
        description: 'Опыт школ района по формированию читательской, математической и естественно-научной грамотности.',
        match: (m: Material) =>
          ['функциональная грамотность', 'читательская грамотность', 'математическая грамотность', 'естественно-научная грамотность'].some(
            (w) => has(m, w),
          ),
      },
      {
        title: 'Молодому педагогу: с чего начать',
        description: 'Рабочие программы, конспекты уроков и практики наставничества для педагогов со стажем до трёх лет.',
        match: (m: Material) => has(m, 'наставничество') || has(m, 'рабочая программа'),
      },
      {
        title: 'Подготовка к ОГЭ и ЕГЭ',
        description: 'Материалы для системной подготовки к государственной итоговой аттестации.',
        match: (m: Material) => has(m, 'огэ') || has(m, 'егэ') || has(m, 'ким'),
      },
      {
        title: 'Нормативная база методической работы',
        description: 'Законы, стандарты и положения, на которые опирается работа ИМЦ и методических объединений.',
        match: (m: Material) => m instanceof NormativeDocument,
      },
    ];
    for (const spec of specs) {
      const collection = this.em.create(Collection, { title: spec.title, description: spec.description, published: true });
      published
        .filter(spec.match)
        .slice(0, 12)
        .forEach((material, position) => this.em.create(CollectionItem, { collection, material, position }));
    }
    return specs.length;
  }
}
