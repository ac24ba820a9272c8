import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import { canSeeUnpublished } from '../accounts/viewer.ts';
import { apiError } from '../../common/errors.ts';
import type { Context } from '../../context.ts';
import { User } from '../accounts/user.entity.ts';
import { isInsider, MaterialEditService } from './material-edit.service.ts';
import { Material } from './material.entity.ts';
import { CreateMaterialInput, UpdateMaterialInput } from './material.inputs.ts';
import { materialRevisions } from './material-relations.ts';
import { MaterialRevision } from './material-revision.entity.ts';
import { readableSnapshot, RevisionField } from './revision-content.ts';

registerNodeTypes({
  MaterialRevision: ({ em, viewer }, id) => (canSeeUnpublished(viewer) ? em.findOne(MaterialRevision, { id }) : Promise.resolve(null)),
});

const service = ({ em, viewer }: Context) => new MaterialEditService(em, viewer);

/** The editor's mutations and the history they leave. */
@Resolver(() => Material)
export class MaterialEditResolver {
  @Mutation(() => Material, { description: 'Создать черновик материала любого вида' })
  createMaterial(@Arg('input', () => CreateMaterialInput) input: CreateMaterialInput, @Ctx() ctx: Context) {
    return service(ctx).create(input);
  }

  @Mutation(() => Material, { description: 'Изменить материал; version — версия, с которой начата правка' })
  updateMaterial(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('input', () => UpdateMaterialInput) input: UpdateMaterialInput,
    @Ctx() ctx: Context,
  ) {
    return service(ctx).update(id, version, input);
  }

  @Mutation(() => Material, { description: 'Восстановить поля из прежней редакции (как новую редакцию)' })
  restoreMaterialRevision(
    @Arg('id', () => ID) id: string,
    @Arg('revisionId', () => ID) revisionId: string,
    @Arg('version', () => Int) version: number,
    @Ctx() ctx: Context,
  ) {
    return service(ctx).restore(id, revisionId, version);
  }

  @FieldResolver(() => [MaterialRevision], { description: 'История изменений (редакторам, автору и эксперту)' })
  revisions(@Root() material: Material, @Ctx() ctx: Context) {
    if (!isInsider(ctx.viewer, material)) throw apiError('FORBIDDEN', 'История изменений доступна редакторам и автору материала');
    return materialRevisions(ctx.em).load(material.id);
  }

  @FieldResolver(() => MaterialRevision, {
    nullable: true,
    description: 'Редакция с данной версией (редакторам, автору и эксперту); null, если такой нет',
  })
  async revision(@Root() material: Material, @Arg('version', () => Int) version: number, @Ctx() ctx: Context) {
    if (!isInsider(ctx.viewer, material)) throw apiError('FORBIDDEN', 'История изменений доступна редакторам и автору материала');
    return ctx.em.findOne(MaterialRevision, { material: material.id, version }, { orderBy: { createdAt: 'desc' } });
  }
}

@Resolver(() => MaterialRevision)
export class RevisionFields {
  @FieldResolver(() => User, {
    nullable: true,
    description: 'Пользователь, который внёс изменение (при импорте — тот, кто его запустил через API)',
  })
  author(@Root() revision: MaterialRevision) {
    return revision.author?.load() ?? null;
  }

  @FieldResolver(() => Date, { description: 'Когда внесено изменение' })
  createdAt(@Root() revision: MaterialRevision): Date {
    return revision.createdAt;
  }

  @FieldResolver(() => [RevisionField], {
    description: 'Состояние материала после изменения, поле за полем, как его читает человек: для сравнения редакций',
  })
  content(@Root() revision: MaterialRevision, @Ctx() { em }: Context) {
    return readableSnapshot(em, revision.snapshot);
  }

  @FieldResolver(() => String, { description: 'Кто внёс изменение: имя пользователя или «импорт»' })
  async authorName(@Root() revision: MaterialRevision): Promise<string> {
    return revision.authorName ?? (await revision.author?.load())?.name ?? '';
  }
}
