import { Entity, Enum, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { registerLabelledEnum } from '../../common/enums.ts';
import { NodeEntity } from '../../common/node.entity.ts';

export enum SynonymKind {
  ABBREVIATION = 'ABBREVIATION',
  WORDING = 'WORDING',
}
registerLabelledEnum(SynonymKind, 'SynonymKind', 'Вид записи словаря поиска', {
  ABBREVIATION: 'сокращение и его расшифровки',
  WORDING: 'слово педагогов и его название в документах',
});

/**
 * One entry of the search thesaurus, edited by methodists: a term and what else it is called. The
 * term finds every variant and each variant the term. A change reaches the engine's synonyms
 * setting through the search outbox, without indexing any material again.
 */
@ObjectType({ implements: NodeEntity, description: 'Запись словаря поиска: сокращение или слово педагогов и их синонимы' })
@Entity({ tableName: 'search_synonym' })
export class SearchSynonym extends NodeEntity {
  @Field(() => SynonymKind)
  @Enum({ items: () => SynonymKind, type: 'text' })
  kind!: SynonymKind;

  @Field(() => String, { description: 'Сокращение или слово: «ОВЗ», «физра»' })
  @Property({ type: 'text' })
  term!: string;

  @Field(() => [String], { description: 'Что оно значит: «ограниченные возможности здоровья»; «физическая культура»' })
  @Property({ type: 'text[]' })
  variants!: string[];
}
