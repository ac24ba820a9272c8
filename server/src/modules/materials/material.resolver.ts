import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import { ConnectionType, PageArgs, toConnection } from '../../common/connection.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import { type Context, countsAsPerson } from '../../context.ts';
import { EducationLevel, Subject } from '../dictionaries/dictionary.entity.ts';
import { MediaFile } from '../files/media-file.entity.ts';
import { MaterialFile } from './material-file.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import { Material, MATERIAL_TYPES } from './material.entity.ts';
import { MaterialFilter, MaterialOrder } from './material.inputs.ts';
import { MaterialService } from './material.service.ts';
import { MaterialStatus } from './material.enums.ts';
import { materialRelations } from './material-relations.ts';
import { connectionNodes, listFields, pageFields, selectionOf } from './material-read.ts';

registerNodeTypes(
  Object.fromEntries(
    MATERIAL_TYPES.map((type) => [type, ({ em, viewer }: Context, id: string) => new MaterialService(em, viewer).findById(id)]),
  ),
);

export const MaterialConnection = ConnectionType(Material, 'Material');

const byPosition = <T extends { position: number }>(items: Iterable<T>) => [...items].sort((a, b) => a.position - b.position);

@Resolver(() => Material)
export class MaterialResolver {
  @Query(() => Material, { nullable: true, description: 'Материал по id; null, если его нет или он недоступен' })
  async material(@Arg('id', () => ID) id: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const material = await new MaterialService(ctx.em, ctx.viewer).findById(
      fromGlobalId(id, 'id', MATERIAL_TYPES).id,
      pageFields(ctx.em, selectionOf(info)),
    );
    if (material?.status === MaterialStatus.PUBLISHED && countsAsPerson(ctx)) ctx.usage.view(material.id);
    return material;
  }

  @Query(() => MaterialConnection, { description: 'Материалы с отбором и сортировкой (по умолчанию — новые первыми)' })
  async materials(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => MaterialFilter, { nullable: true }) filter: MaterialFilter | undefined,
    @Arg('orderBy', () => MaterialOrder, { nullable: true }) orderBy: MaterialOrder | undefined,
    @Ctx() { em, viewer }: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const fields = listFields(connectionNodes(info));
    return toConnection(MaterialConnection, await new MaterialService(em, viewer).list(filter, orderBy ?? undefined, page, fields));
  }

  @FieldResolver(() => [Person], { description: 'Авторы в порядке, указанном в материале' })
  authors(@Root() material: Material, @Ctx() { em, viewer }: Context) {
    return new MaterialService(em, viewer).authors(material);
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() material: Material, @Ctx() { em }: Context) {
    return materialRelations(em).organization(material);
  }

  @FieldResolver(() => [Subject])
  async subjects(@Root() material: Material, @Ctx() { em }: Context) {
    return byPosition(await materialRelations(em).subjects(material));
  }

  @FieldResolver(() => [EducationLevel], { description: 'Уровни образования' })
  async levels(@Root() material: Material, @Ctx() { em }: Context) {
    return byPosition(await materialRelations(em).levels(material));
  }

  @FieldResolver(() => [String], { description: 'Ключевые слова' })
  async keywords(@Root() material: Material, @Ctx() { em }: Context) {
    return (await materialRelations(em).keywords(material)).map((keyword) => keyword.name).sort((a, b) => a.localeCompare(b, 'ru'));
  }

  @FieldResolver(() => [MediaFile], { description: 'Файлы в порядке, заданном редактором' })
  files(@Root() material: Material, @Ctx() { em, viewer }: Context) {
    return new MaterialService(em, viewer).files(material);
  }

  @FieldResolver(() => [MaterialFile], { description: 'Файлы с подписями, в порядке, заданном редактором' })
  async attachments(@Root() material: Material, @Ctx() { em }: Context) {
    return byPosition(await materialRelations(em).attachments(material));
  }
}
