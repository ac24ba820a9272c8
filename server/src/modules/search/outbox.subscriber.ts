import { ChangeSetType, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';
import { EducationLevel, Keyword, Subject } from '../dictionaries/dictionary.entity.ts';
import { MediaFile } from '../files/media-file.entity.ts';
import { MaterialFile } from '../materials/material-file.entity.ts';
import { Material, MaterialAuthor } from '../materials/material.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import { SearchOutbox, type OutboxKind } from './outbox.entity.ts';
import { SearchSynonym } from './synonym.entity.ts';

/** Which outbox row a changed entity calls for. Pivots name their material. */
function outboxTarget(entity: object, primaryKey?: unknown): [OutboxKind, string] | undefined {
  if (entity instanceof Material) return ['Material', entity.id];
  // A pivot removed from its material's collection has lost the reference; its key [material, …] still names it.
  if (entity instanceof MaterialAuthor || entity instanceof MaterialFile)
    return ['Material', entity.material?.id ?? String((primaryKey as unknown[])[0])];
  if (entity instanceof Person) return ['Person', entity.id];
  if (entity instanceof Organization) return ['Organization', entity.id];
  if (entity instanceof Subject) return ['Subject', entity.id];
  if (entity instanceof EducationLevel) return ['EducationLevel', entity.id];
  // A keyword that takes capitals shows them on every material that carries it.
  if (entity instanceof Keyword) return ['Keyword', entity.id];
  if (entity instanceof MediaFile) return ['MediaFile', entity.id];
  if (entity instanceof SearchSynonym) return ['SearchSynonym', entity.id];
  return undefined;
}

/**
 * Records outbox rows inside the flush that makes the change, so the change and the promise to
 * index it commit or roll back together: no update is lost between the database and the index.
 */
export class SearchOutboxSubscriber implements EventSubscriber {
  onFlush({ uow, em }: FlushEventArgs): void {
    const targets = new Map<string, [OutboxKind, string]>();
    const add = (entity: object, primaryKey?: unknown) => {
      const target = outboxTarget(entity, primaryKey);
      if (target) targets.set(target.join(':'), target);
    };
    for (const changeSet of uow.getChangeSets()) {
      // A new subject, level or file has no document and nothing indexed names it yet; whatever
      // uses it in the same flush records its own row.
      const referenceOnly =
        changeSet.entity instanceof Subject || changeSet.entity instanceof EducationLevel || changeSet.entity instanceof MediaFile;
      if (changeSet.type === ChangeSetType.CREATE && referenceOnly) continue;
      add(changeSet.entity, changeSet.getPrimaryKey());
    }
    // M:N changes (subjects, levels, keywords of a material; subjects of a person) touch the owner.
    for (const collection of uow.getCollectionUpdates()) add(collection.owner);
    for (const [kind, entityId] of targets.values()) {
      const row = em.create(SearchOutbox, { kind, entityId });
      uow.computeChangeSet(row);
    }
  }
}
