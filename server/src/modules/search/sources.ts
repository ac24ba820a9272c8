import { LoadStrategy } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MaterialSource, OrganizationSource, PersonSource } from '@metod-kb/search';
import { Material } from '../materials/material.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';

const MATERIAL_POPULATE = ['subjects', 'levels', 'keywords', 'authorships.person', 'organization'] as const;

/**
 * Loads materials with everything their search documents show, in a fixed number of queries
 * whatever the batch size: relations by populate, file texts in one query.
 */
export async function loadMaterialSources(
  em: EntityManager,
  where: Record<string, unknown>,
  options: { limit?: number; orderBy?: Record<string, 'asc'> } = {},
): Promise<MaterialSource[]> {
  // One query per relation: a join over four to-many relations would repeat each body many times.
  const materials = await em.find(Material, where as never, {
    populate: MATERIAL_POPULATE as never,
    strategy: LoadStrategy.SELECT_IN,
    ...options,
  });
  if (!materials.length) return [];
  const files = await em.execute<Array<{ material_id: string; file_name: string; text: string | null }>>(
    `select a.material_id, f.file_name, f.text from material_file a join media_file f on f.id = a.file_id
     where a.material_id in (${materials.map(() => '?').join(',')}) order by a.material_id, a.position`,
    materials.map((m) => m.id),
  );
  return materials.map((m) => ({
    id: m.id,
    kind: m.kind,
    status: m.status,
    title: m.title,
    summary: m.summary,
    body: m.body,
    grades: m.grades,
    keywords: m.keywords.getItems().map((k) => k.name),
    subjects: m.subjects.getItems().map((s) => ({ id: s.id, name: s.name })),
    levels: m.levels.getItems().map((l) => ({ id: l.id, code: l.code })),
    authors: [...m.authorships.getItems()]
      .sort((a, b) => a.position - b.position)
      .map((a) => ({ id: a.person.id, fullName: a.person.getEntity().fullName })),
    organization: m.organization
      ? {
          id: m.organization.id,
          name: m.organization.getEntity().name,
          shortName: m.organization.getEntity().shortName,
          municipality: m.organization.getEntity().municipality,
        }
      : undefined,
    publishedAt: m.publishedAt,
    updatedAt: m.updatedAt,
    viewCount: m.viewCount,
    downloadCount: m.downloadCount,
    expertLevel: 'expertLevel' in m ? (m.expertLevel as string | undefined) : undefined,
    materialType: 'materialType' in m ? (m.materialType as string | undefined) : undefined,
    files: files.filter((f) => f.material_id === m.id).map((f) => ({ fileName: f.file_name, text: f.text })),
  }));
}

export async function loadPersonSources(
  em: EntityManager,
  where: Record<string, unknown>,
  options: { limit?: number; orderBy?: Record<string, 'asc'> } = {},
): Promise<PersonSource[]> {
  const people = await em.find(Person, where as never, {
    populate: ['organization', 'subjects'] as never,
    strategy: LoadStrategy.SELECT_IN,
    ...options,
  });
  return people.map((p) => ({
    id: p.id,
    fullName: p.fullName,
    position: p.position,
    organization: p.organization ? { id: p.organization.id, name: p.organization.getEntity().name } : null,
    subjects: p.subjects.getItems().map((s) => ({ id: s.id, name: s.name })),
  }));
}

export async function loadOrganizationSources(
  em: EntityManager,
  where: Record<string, unknown>,
  options: { limit?: number; orderBy?: Record<string, 'asc'> } = {},
): Promise<OrganizationSource[]> {
  const organizations = await em.find(Organization, where as never, options);
  return organizations.map((o) => ({ id: o.id, name: o.name, shortName: o.shortName, type: o.type, municipality: o.municipality }));
}
