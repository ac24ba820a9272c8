import { Ctx, Query, Resolver } from 'type-graphql';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import type { Context } from '../../context.ts';
import { EducationLevel, Subject } from './dictionary.entity.ts';

registerNodeTypes({
  Subject: ({ em }, id) => em.findOne(Subject, { id }),
  EducationLevel: ({ em }, id) => em.findOne(EducationLevel, { id }),
});

/** Dictionaries are short and fixed by the centre, so they come whole, in the centre's order. */
@Resolver()
export class DictionaryResolver {
  @Query(() => [Subject], { description: 'Учебные предметы' })
  subjects(@Ctx() { em }: Context) {
    return em.find(Subject, {}, { orderBy: { position: 'asc', name: 'asc' } });
  }

  @Query(() => [EducationLevel], { description: 'Уровни образования: ДО, НОО, ООО, СОО, ДОП' })
  educationLevels(@Ctx() { em }: Context) {
    return em.find(EducationLevel, {}, { orderBy: { position: 'asc' } });
  }
}
