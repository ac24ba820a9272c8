import type { EntityManager } from '@mikro-orm/postgresql';
import { uuidOrNull } from '../../common/global-id.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { CollectionService } from '../collections/collection.service.ts';
import { KIND_LABELS, kindSpec, type MaterialKind } from '../materials/kinds.ts';
import { type Material, MATERIAL_TYPES } from '../materials/material.entity.ts';
import { MaterialService } from '../materials/material.service.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { Person } from '../people/person.entity.ts';
import { matchPage, PRIVATE_PAGES, type PageMatch } from '../../../../client/src/app/paths.ts';

export const SITE_NAME = 'Методическая база знаний';
const SITE_DESCRIPTION =
  'Методическая база знаний: педагогические практики, методические материалы, публикации и нормативные документы района';

/** What the HTML shell of one page carries in its head before any script runs. */
export interface PageHead {
  status: 200 | 404;
  title: string;
  description: string;
  /** Path of the page's one address (made absolute by the caller); none for pages that are not to be indexed. */
  canonical?: string;
  /** OpenGraph type: `article`, `profile`, `website`. */
  ogType?: string;
  /** schema.org description of the page. */
  jsonLd?: Record<string, unknown>;
  /** Search engines leave the page out. */
  noindex?: boolean;
}

/** A description of at most `max` characters, cut at a word. */
export function shorten(text: string, max = 200): string {
  const plain = text.replace(/\s+/g, ' ').trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

const title = (name: string) => `${name} — ${SITE_NAME}`;
const notFound = (what: string): PageHead => ({ status: 404, title: title(what), description: SITE_DESCRIPTION, noindex: true });
const PAGE_NOT_FOUND = notFound('Страница не найдена');

async function materialHead(em: EntityManager, viewer: Viewer | null, id: string | null, path: string): Promise<PageHead> {
  const found = id ? await new MaterialService(em, viewer).findById(id) : null;
  if (!found) return notFound('Материал не найден');
  const m = (await em.populate(found, ['authorships.person', 'organization', 'subjects', 'levels', 'keywords'] as never[])) as Material;
  const authors = [...m.authorships.getItems()].sort((a, b) => a.position - b.position).map((a) => a.person.getEntity());
  const organization = m.organization?.getEntity();
  const description = shorten(m.summary || m.body || m.title);
  return {
    status: 200,
    title: title(m.title),
    description,
    canonical: path,
    ogType: 'article',
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': kindSpec(m.kind as MaterialKind).jsonLd,
      name: m.title,
      description,
      inLanguage: 'ru',
      learningResourceType: KIND_LABELS[m.kind as MaterialKind],
      datePublished: m.publishedAt?.toISOString(),
      dateModified: m.updatedAt.toISOString(),
      author: authors.map((a) => ({ '@type': 'Person', name: a.fullName, jobTitle: a.position ?? undefined })),
      publisher: organization ? { '@type': 'EducationalOrganization', name: organization.name } : undefined,
      about: m.subjects.getItems().map((s) => s.name),
      educationalLevel: m.levels.getItems().map((l) => l.name),
      keywords:
        m.keywords
          .getItems()
          .map((k) => k.name)
          .join(', ') || undefined,
      identifier: m.registrationNumber ?? undefined,
    },
    noindex: m.status !== 'PUBLISHED',
  };
}

async function personHead(em: EntityManager, id: string | null, path: string): Promise<PageHead> {
  const person = id ? await em.findOne(Person, { id }, { populate: ['organization', 'subjects'] as never[] }) : null;
  if (!person) return notFound('Педагог не найден');
  const organization = person.organization?.getEntity();
  const description = shorten(
    [
      person.position,
      organization?.name,
      person.subjects
        .getItems()
        .map((s) => s.name)
        .join(', '),
    ]
      .filter(Boolean)
      .join('; ') || person.fullName,
  );
  return {
    status: 200,
    title: title(person.fullName),
    description: `${description}. Материалы педагога в методической базе знаний.`,
    canonical: path,
    ogType: 'profile',
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': 'Person',
      name: person.fullName,
      jobTitle: person.position ?? undefined,
      worksFor: organization ? { '@type': 'EducationalOrganization', name: organization.name } : undefined,
    },
  };
}

async function organizationHead(em: EntityManager, id: string | null, path: string): Promise<PageHead> {
  const organization = id ? await em.findOne(Organization, { id }) : null;
  if (!organization) return notFound('Организация не найдена');
  return {
    status: 200,
    title: title(organization.name),
    description: shorten(
      `${[organization.name, organization.municipality, organization.address].filter(Boolean).join(', ')}: педагоги и их материалы.`,
    ),
    canonical: path,
    ogType: 'website',
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': 'EducationalOrganization',
      name: organization.name,
      alternateName: organization.shortName ?? undefined,
      address: organization.address ?? organization.municipality,
      url: organization.website ?? undefined,
    },
  };
}

async function collectionHead(em: EntityManager, viewer: Viewer | null, id: string | null, path: string): Promise<PageHead> {
  const collection = id ? await new CollectionService(em, viewer).findById(id) : null;
  if (!collection) return notFound('Подборка не найдена');
  const description = shorten(collection.description || collection.title);
  return {
    status: 200,
    title: title(collection.title),
    description,
    canonical: path,
    ogType: 'website',
    jsonLd: { '@context': 'https://schema.org', '@type': 'CollectionPage', name: collection.title, description },
    noindex: !collection.published,
  };
}

/**
 * The head of the page at `path` as `viewer` sees it: a public page's own title, description and
 * schema.org data, 404 for a path that is no page or an id that names nothing the viewer may see.
 */
export async function pageHead(em: EntityManager, viewer: Viewer | null, path: string): Promise<PageHead> {
  const match: PageMatch | null = matchPage(path);
  if (!match) return PAGE_NOT_FOUND;
  switch (match.page) {
    case 'material':
      return materialHead(em, viewer, uuidOrNull(match.param, MATERIAL_TYPES), path);
    case 'person':
      return personHead(em, uuidOrNull(match.param, ['Person']), path);
    case 'organization':
      return organizationHead(em, uuidOrNull(match.param, ['Organization']), path);
    case 'collection':
      return collectionHead(em, viewer, uuidOrNull(match.param, ['Collection']), path);
    case 'search':
      return { status: 200, title: SITE_NAME, description: SITE_DESCRIPTION, canonical: '/', ogType: 'website' };
    case 'media':
      return {
        status: 200,
        title: title('Медиатека'),
        description: 'Файлы опубликованных материалов: документы, презентации, видео и аудио.',
        canonical: '/media',
        ogType: 'website',
      };
    default:
      return { status: 200, title: SITE_NAME, description: SITE_DESCRIPTION, noindex: PRIVATE_PAGES.includes(match.page) };
  }
}
