import { ArrayMaxSize, ArrayMinSize, Length } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { SynonymKind } from './synonym.entity.ts';

@InputType({ description: 'Запись словаря поиска' })
export class SearchSynonymInput {
  @Field(() => SynonymKind)
  kind!: SynonymKind;

  @Field(() => String, { description: 'Сокращение или слово педагогов' })
  @Length(1, 100, { message: 'термин — от 1 до 100 символов' })
  term!: string;

  @Field(() => [String], { description: 'Расшифровки или названия в документах: от 1 до 20' })
  @ArrayMinSize(1, { message: 'нужна хотя бы одна расшифровка' })
  @ArrayMaxSize(20, { message: 'не больше 20 расшифровок' })
  @Length(1, 200, { each: true, message: 'расшифровка — от 1 до 200 символов' })
  variants!: string[];
}
