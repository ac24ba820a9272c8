import type { EntityManager } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { EducationLevel, Subject } from '../dictionaries/dictionary.entity.ts';
import { MediaFile } from '../files/media-file.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import type { Snapshot } from './material-writer.ts';

/** One field of a revision as a person reads it: names where the snapshot keeps ids. */
@ObjectType({ description: 'Поле материала в редакции, как его читает человек (названия вместо идентификаторов)' })
export class RevisionField {
  @Field(() => String, { description: 'Поле: title, summary, body, subjects, levels, authors, organization, files, поля вида…' })
  name!: string;

  @Field(() => String, { description: 'Значение текстом; списки через запятую, пусто — пустая строка' })
  value!: string;
}

/** The snapshot's links and the entity and attribute that name them. */
const LINKS = {
  subjectIds: { name: 'subjects', entity: Subject, label: (s: Subject) => s.name },
  levelIds: { name: 'levels', entity: EducationLevel, label: (l: EducationLevel) => l.name },
  authorIds: { name: 'authors', entity: Person, label: (p: Person) => p.fullName },
  fileIds: { name: 'files', entity: MediaFile, label: (f: MediaFile) => f.fileName },
  organizationId: { name: 'organization', entity: Organization, label: (o: Organization) => o.name },
} as const;

const text = (value: unknown): string =>
  value === null || value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value);

/**
 * A revision's state as the history page compares it: each field's value as text, in the
 * snapshot's order, the linked subjects, levels, authors, files and organization by name (a
 * statement per kind of link; only the revisions being compared are asked for).
 */
export async function readableSnapshot(em: EntityManager, snapshot: Snapshot): Promise<RevisionField[]> {
  const fields: RevisionField[] = [];
  for (const [key, value] of Object.entries(snapshot)) {
    const link = LINKS[key as keyof typeof LINKS];
    if (!link) {
      fields.push({ name: key, value: text(value) });
      continue;
    }
    const ids = (Array.isArray(value) ? value : value ? [value] : []) as string[];
    const found = ids.length ? await em.find(link.entity as never, { id: { $in: ids } } as never) : [];
    // In the snapshot's order (authors are printed in theirs); one removed since shows as «удалено».
    const names = ids.map((id) => {
      const entity = (found as Array<{ id: string }>).find((f) => f.id === id);
      return entity ? (link.label as (e: object) => string)(entity) : 'удалено';
    });
    fields.push({ name: link.name, value: names.join(', ') });
  }
  return fields;
}
