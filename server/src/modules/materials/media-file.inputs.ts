import { Field, ID, InputType } from 'type-graphql';
import { MediaKind } from '../files/file-types.ts';

@InputType({ description: 'Отбор файлов медиатеки' })
export class MediaLibraryFilter {
  @Field(() => MediaKind, { nullable: true, description: 'Вид файла' })
  type?: MediaKind;

  @Field(() => ID, { nullable: true, description: 'Предмет материалов, к которым приложен файл' })
  subject?: string;

  @Field(() => ID, { nullable: true, description: 'Уровень образования материалов, к которым приложен файл' })
  level?: string;

  @Field(() => String, { nullable: true, description: 'Слова из названия материала, подписи или имени файла' })
  query?: string;
}
