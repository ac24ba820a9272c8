import { Ctx, Field, Float, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.ts';
import { authorize } from '../accounts/policy.ts';
import { BackupRuns } from './backup-runs.ts';

@ObjectType({ description: 'Резервное копирование: последняя удачная копия и сбой после неё' })
export class BackupStatus {
  @Field(() => Date, { nullable: true, description: 'Когда закончена последняя удачная копия' })
  lastSuccessAt?: Date;

  @Field(() => Float, { nullable: true, description: 'Размер её архива, байт' })
  lastSizeBytes?: number;

  @Field(() => Date, { nullable: true, description: 'Когда не удалась последняя попытка, если удачных после неё не было' })
  failedAt?: Date;

  @Field(() => String, { nullable: true, description: 'Почему она не удалась' })
  failure?: string;

  @Field(() => Boolean, { description: 'Копия делается сейчас' })
  running!: boolean;
}

@Resolver()
export class BackupResolver {
  @Query(() => BackupStatus, { description: 'Состояние резервного копирования (администраторы)' })
  async backupStatus(@Ctx() { em, viewer }: Context): Promise<BackupStatus> {
    authorize(viewer, 'backup.status');
    const { lastSuccess, lastFailure, running } = await new BackupRuns(em).status();
    return {
      lastSuccessAt: lastSuccess?.at,
      lastSizeBytes: lastSuccess?.sizeBytes,
      failedAt: lastFailure?.at,
      failure: lastFailure?.error,
      running: running !== null,
    };
  }
}
