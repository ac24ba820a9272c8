import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { perRequest } from '../../common/per-request.ts';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import { linkLoader } from '../../common/plain-rows.ts';
import type { Context } from '../../context.ts';
import { EducationLevel, Subject } from './dictionary.entity.ts';
import { inUse } from './retirable.entity.ts';

registerNodeTypes({
  Subject: ({ em }, id) => em.findOne(Subject, { id }),
  EducationLevel: ({ em }, id) => em.findOne(EducationLevel, { id }),
});

const RETIRED = { defaultValue: false, description: 'И выведенные из употребления' };

/** Published materials per subject and per level: one statement for a whole list. */
const counts = perRequest(
  (em: EntityManager) =>
    new DataLoader<string, number>(async (keys) => {
      const rows: Array<{ key: string; n: number }> = await em.getConnection().execute(
        `select 'subject:' || ms.subject_id as key, count(*)::int as n from material_subject ms join material m on m.id = ms.material_id and m.status = 'PUBLISHED' group by ms.subject_id
         union all
         select 'level:' || ml.education_level_id, count(*)::int from material_level ml join material m on m.id = ml.material_id and m.status = 'PUBLISHED' group by ml.education_level_id`,
      );
      const byKey = new Map(rows.map((row) => [row.key, row.n]));
      return keys.map((key) => byKey.get(key) ?? 0);
    }),
);

const subjectLevels = perRequest((em) =>
  linkLoader(em, EducationLevel, { table: 'subject_level', owner: 'subject_id', column: 'education_level_id', target: 'education_level' }),
);

/** Dictionaries are short and kept by the centre, so they come whole, in the centre's order. */
@Resolver(() => Subject)
export class DictionaryResolver {
  @Query(() => [Subject], { description: 'Учебные предметы' })
  subjects(@Arg('includeRetired', () => Boolean, RETIRED) includeRetired: boolean, @Ctx() { em }: Context) {
    return em.find(Subject, inUse(includeRetired), { orderBy: { position: 'asc', name: 'asc' } });
  }

  @Query(() => [EducationLevel], { description: 'Уровни образования: ДО, НОО, ООО, СОО, ДОП' })
  educationLevels(@Arg('includeRetired', () => Boolean, RETIRED) includeRetired: boolean, @Ctx() { em }: Context) {
    return em.find(EducationLevel, inUse(includeRetired), { orderBy: { position: 'asc' } });
  }

  @FieldResolver(() => [EducationLevel], { description: 'Уровни, на которых предмет преподают' })
  async levels(@Root() subject: Subject, @Ctx() { em }: Context) {
    // A list's subjects are plain objects without collections (common/plain-rows.ts).
    const levels = subject.levels ? await subject.levels.load() : await subjectLevels(em).load(subject.id);
    return [...levels].sort((a, b) => a.position - b.position);
  }

  @FieldResolver(() => Int, { description: 'Опубликованных материалов по предмету' })
  materialCount(@Root() subject: Subject, @Ctx() { em }: Context) {
    return counts(em).load(`subject:${subject.id}`);
  }
}

@Resolver(() => EducationLevel)
export class EducationLevelResolver {
  @FieldResolver(() => Int, { description: 'Опубликованных материалов этого уровня' })
  materialCount(@Root() level: EducationLevel, @Ctx() { em }: Context) {
    return counts(em).load(`level:${level.id}`);
  }
}
