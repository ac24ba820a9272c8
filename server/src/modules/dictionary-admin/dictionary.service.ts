import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/postgresql';
import { ref } from '@mikro-orm/core';
import { badInput, notFound } from '../../common/errors.ts';
import { fromGlobalId, fromGlobalIds } from '../../common/global-id.ts';
import { withTransaction } from '../../common/transaction.ts';
import { AccountService } from '../accounts/account.service.ts';
import { authorize } from '../accounts/policy.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { normalizeName } from '../interop/matching.ts';
import { Material } from '../materials/material.entity.ts';
import { MethodAssociation } from '../people/method-association.entity.ts';
import { Person } from '../people/person.entity.ts';
import { ReviewCriterion } from '../reviews/review.entity.ts';
import { EducationLevel, Subject } from '../dictionaries/dictionary.entity.ts';
import { nextPosition } from '../dictionaries/positions.ts';
import type { EducationLevelInput, MethodAssociationInput, ReviewCriterionInput, SubjectInput } from './dictionary.inputs.ts';

/** The four dictionaries the centre keeps; each entry can be retired and brought back. */
type Entry = Subject | EducationLevel | MethodAssociation | ReviewCriterion;
const TYPES = {
  Subject: { entity: Subject, what: 'Предмет' },
  EducationLevel: { entity: EducationLevel, what: 'Уровень образования' },
  MethodAssociation: { entity: MethodAssociation, what: 'Методическое объединение' },
  ReviewCriterion: { entity: ReviewCriterion, what: 'Критерий экспертизы' },
} as const;
type TypeName = keyof typeof TYPES;

const given = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;

/**
 * The centre's dictionaries: subjects, education levels, method associations and review criteria.
 * Entries are added, renamed, merged and retired, never deleted while something uses them: a
 * merge moves every use to the entry that stays, a retired entry stays on what has it and is not
 * offered for anything new.
 */
export class DictionaryService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer | null,
  ) {}

  private can(): Viewer {
    authorize(this.viewer, 'dictionary.manage');
    return this.viewer;
  }

  private async entry<T extends TypeName>(type: T, id: string, argument: string): Promise<InstanceType<(typeof TYPES)[T]['entity']>> {
    const { entity, what } = TYPES[type];
    const found = await this.em.findOne(entity as EntityName<Entry>, { id: fromGlobalId(id, argument, [type]).id });
    if (!found) throw notFound(what, id);
    return found as never;
  }

  /** Names differing only in case, ё/е, quotes or spaces are one name: the import matches them so. */
  private async expectFreeName<T extends Entry>(entity: EntityName<T>, field: 'name' | 'code', value: string, argument: string, self?: T) {
    const key = normalizeName(value);
    const taken = (await this.em.find(entity, {} as FilterQuery<T>)).find(
      (row) => row !== self && normalizeName(String((row as Record<string, unknown>)[field])) === key,
    );
    if (taken)
      throw badInput(
        argument,
        `«${String((taken as Record<string, unknown>)[field])}» уже есть${taken.retiredAt ? ' (выведен из употребления: верните его)' : ''}`,
      );
  }

  /** Sets a name or a code the input gives, unique in any spelling; absent in the input, it stays. */
  private async setUnique<F extends 'name' | 'code', T extends Entry & Record<F, string>>(
    entity: EntityName<T>,
    entry: T,
    field: F,
    value: string | null | undefined,
    argument: string,
  ) {
    if (!given(value)) return;
    await this.expectFreeName(entity, field, value.trim(), argument, entry);
    entry[field] = value.trim() as T[F];
  }

  private async levels(ids: string[] | undefined, argument: string): Promise<EducationLevel[] | undefined> {
    const keys = fromGlobalIds(ids, argument, ['EducationLevel']);
    if (!keys) return undefined;
    const found = await this.em.find(EducationLevel, { id: { $in: keys } });
    if (found.length !== new Set(keys).size) throw badInput(argument, 'среди уровней есть несуществующие');
    return found;
  }

  async retire(type: TypeName, id: string, retired: boolean): Promise<Entry> {
    this.can();
    const entry = await this.entry(type, id, 'id');
    entry.retiredAt = retired ? (entry.retiredAt ?? new Date()) : undefined;
    await this.em.flush();
    return entry;
  }

  // Subjects

  async createSubject(input: SubjectInput): Promise<Subject> {
    this.can();
    if (!input.name?.trim()) throw badInput('input.name', 'укажите название');
    await this.expectFreeName(Subject, 'name', input.name.trim(), 'input.name');
    const subject = this.em.create(Subject, {
      name: input.name.trim(),
      position: input.position ?? (await nextPosition(this.em, Subject)),
    });
    const levels = await this.levels(input.levelIds, 'input.levelIds');
    if (levels) subject.levels.set(levels);
    await this.em.flush();
    return subject;
  }

  async updateSubject(id: string, input: SubjectInput): Promise<Subject> {
    this.can();
    const subject = await this.entry('Subject', id, 'id');
    await this.setUnique(Subject, subject, 'name', input.name, 'input.name');
    if (given(input.position)) subject.position = input.position;
    const levels = await this.levels(input.levelIds ?? undefined, 'input.levelIds');
    if (levels) {
      await subject.levels.init();
      subject.levels.set(levels);
    }
    await this.em.flush();
    return subject;
  }

  /** Materials, teachers and method associations of the duplicates move to the target; its levels are united. */
  async mergeSubjects(targetId: string, sourceIds: string[]): Promise<Subject> {
    const viewer = this.can();
    const { target, sources } = await this.mergeParties('Subject', targetId, sourceIds);
    return withTransaction(this.em, async () => {
      const ids = sources.map((s) => s.id);
      // Through the entities, so that every moved material reaches the search index.
      for (const owner of [
        ...(await this.em.find(Material, { subjects: { $in: ids } }, { populate: ['subjects'] })),
        ...(await this.em.find(Person, { subjects: { $in: ids } }, { populate: ['subjects'] })),
      ]) {
        owner.subjects.set(
          [...owner.subjects.getItems().filter((s) => !ids.includes(s.id)), target].filter((s, i, all) => all.indexOf(s) === i),
        );
      }
      for (const association of await this.em.find(MethodAssociation, { subject: { $in: ids } })) association.subject = ref(target);
      await target.levels.init();
      for (const source of sources) {
        for (const level of await source.levels.load()) if (!target.levels.contains(level)) target.levels.add(level);
      }
      return this.finishMerge(viewer, 'subject', target, sources, (s) => s.name);
    });
  }

  // Education levels

  async createEducationLevel(input: EducationLevelInput): Promise<EducationLevel> {
    this.can();
    if (!input.code?.trim()) throw badInput('input.code', 'укажите код');
    if (!input.name?.trim()) throw badInput('input.name', 'укажите название');
    await this.expectFreeName(EducationLevel, 'code', input.code.trim(), 'input.code');
    await this.expectFreeName(EducationLevel, 'name', input.name.trim(), 'input.name');
    const level = this.em.create(EducationLevel, {
      code: input.code.trim(),
      name: input.name.trim(),
      position: input.position ?? (await nextPosition(this.em, EducationLevel)),
    });
    await this.em.flush();
    return level;
  }

  async updateEducationLevel(id: string, input: EducationLevelInput): Promise<EducationLevel> {
    this.can();
    const level = await this.entry('EducationLevel', id, 'id');
    await this.setUnique(EducationLevel, level, 'code', input.code, 'input.code');
    await this.setUnique(EducationLevel, level, 'name', input.name, 'input.name');
    if (given(input.position)) level.position = input.position;
    await this.em.flush();
    return level;
  }

  /** Materials and subjects taught at the duplicates move to the target level. */
  async mergeEducationLevels(targetId: string, sourceIds: string[]): Promise<EducationLevel> {
    const viewer = this.can();
    const { target, sources } = await this.mergeParties('EducationLevel', targetId, sourceIds);
    return withTransaction(this.em, async () => {
      const ids = sources.map((s) => s.id);
      for (const owner of [
        ...(await this.em.find(Material, { levels: { $in: ids } }, { populate: ['levels'] })),
        ...(await this.em.find(Subject, { levels: { $in: ids } }, { populate: ['levels'] })),
      ]) {
        owner.levels.set(
          [...owner.levels.getItems().filter((l) => !ids.includes(l.id)), target].filter((l, i, all) => all.indexOf(l) === i),
        );
      }
      return this.finishMerge(viewer, 'level', target, sources, (l) => `${l.code} (${l.name})`);
    });
  }

  // Method associations

  private async association(association: MethodAssociation, input: MethodAssociationInput) {
    await this.setUnique(MethodAssociation, association, 'name', input.name, 'input.name');
    if (input.subjectId !== undefined)
      association.subject = input.subjectId ? ref(await this.entry('Subject', input.subjectId, 'input.subjectId')) : undefined;
    if (input.leaderId !== undefined) {
      const leader = input.leaderId
        ? await this.em.findOne(Person, { id: fromGlobalId(input.leaderId, 'input.leaderId', ['Person']).id })
        : null;
      if (input.leaderId && !leader) throw notFound('Педагог', input.leaderId);
      association.leader = leader ? ref(leader) : undefined;
    }
  }

  async createMethodAssociation(input: MethodAssociationInput): Promise<MethodAssociation> {
    this.can();
    if (!input.name?.trim()) throw badInput('input.name', 'укажите название');
    const association = this.em.create(MethodAssociation, { name: input.name.trim() });
    await this.association(association, input);
    await this.em.flush();
    return association;
  }

  async updateMethodAssociation(id: string, input: MethodAssociationInput): Promise<MethodAssociation> {
    this.can();
    const association = await this.entry('MethodAssociation', id, 'id');
    await this.association(association, input);
    await this.em.flush();
    return association;
  }

  /** Members of the duplicates join the target; it keeps its leader, or takes the first duplicate's. */
  async mergeMethodAssociations(targetId: string, sourceIds: string[]): Promise<MethodAssociation> {
    const viewer = this.can();
    const { target, sources } = await this.mergeParties('MethodAssociation', targetId, sourceIds);
    return withTransaction(this.em, async () => {
      await target.members.init();
      for (const source of sources) {
        for (const member of await source.members.load()) if (!target.members.contains(member)) target.members.add(member);
        if (!target.leader && source.leader) target.leader = source.leader;
        target.subject ??= source.subject;
      }
      return this.finishMerge(viewer, 'method-association', target, sources, (a) => a.name);
    });
  }

  // Review criteria

  async createReviewCriterion(input: ReviewCriterionInput): Promise<ReviewCriterion> {
    this.can();
    if (!input.code) throw badInput('input.code', 'укажите код латиницей, например originality');
    if (!input.name?.trim()) throw badInput('input.name', 'укажите название');
    if (!given(input.maxScore)) throw badInput('input.maxScore', 'укажите высший балл');
    await this.expectFreeName(ReviewCriterion, 'code', input.code, 'input.code');
    await this.expectFreeName(ReviewCriterion, 'name', input.name.trim(), 'input.name');
    const position = input.position ?? (await nextPosition(this.em, ReviewCriterion));
    const criterion = this.em.create(ReviewCriterion, {
      code: input.code,
      name: input.name.trim(),
      maxScore: input.maxScore,
      rubric: input.rubric?.trim() ?? '',
      position,
    });
    await this.em.flush();
    return criterion;
  }

  /** The code and the top score stay once an expert has scored by the criterion: the old scores would change meaning. */
  async updateReviewCriterion(id: string, input: ReviewCriterionInput): Promise<ReviewCriterion> {
    this.can();
    const criterion = await this.entry('ReviewCriterion', id, 'id');
    const changesScale =
      (given(input.code) && input.code !== criterion.code) || (given(input.maxScore) && input.maxScore !== criterion.maxScore);
    if (changesScale) {
      const [row] = await this.em.execute<Array<{ n: number }>>(`select count(*)::int as n from review where jsonb_exists(scores, ?)`, [
        criterion.code,
      ]);
      if (row!.n)
        throw badInput(
          given(input.code) && input.code !== criterion.code ? 'input.code' : 'input.maxScore',
          `по критерию уже оценено заключений: ${row!.n}; чтобы изменить шкалу, выведите его и добавьте новый`,
        );
    }
    await this.setUnique(ReviewCriterion, criterion, 'code', input.code, 'input.code');
    await this.setUnique(ReviewCriterion, criterion, 'name', input.name, 'input.name');
    if (given(input.maxScore)) criterion.maxScore = input.maxScore;
    if (given(input.rubric)) criterion.rubric = input.rubric.trim();
    if (given(input.position)) criterion.position = input.position;
    await this.em.flush();
    return criterion;
  }

  // Merging, the same for every dictionary

  private async mergeParties<T extends Exclude<TypeName, 'ReviewCriterion'>>(type: T, targetId: string, sourceIds: string[]) {
    const target = await this.entry(type, targetId, 'targetId');
    const sources = await Promise.all(sourceIds.map((id, i) => this.entry(type, id, `sourceIds[${i}]`)));
    if (!sources.length) throw badInput('sourceIds', 'укажите хотя бы один дубликат');
    if (sources.some((s) => s.id === target.id)) throw badInput('sourceIds', 'значение не может быть дубликатом самого себя');
    return { target, sources };
  }

  /** The duplicates, now unused, go; the target comes back into use if it was retired. */
  private async finishMerge<T extends Entry>(
    viewer: Viewer,
    kind: string,
    target: T,
    sources: T[],
    label: (entry: T) => string,
  ): Promise<T> {
    sources.forEach((source) => this.em.remove(source));
    target.retiredAt = undefined;
    new AccountService(this.em).audit('dictionary.merged', viewer.userId, target.id, {
      kind,
      into: label(target),
      merged: sources.map(label),
    });
    await this.em.flush();
    return target;
  }
}
