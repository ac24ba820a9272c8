import { CONTENT_CHUNKS } from './settings.ts';
import { derivationRoots, derivedText, nameStems, stemText, tokenize } from './russian.ts';

/** What the server hands over about a material: plain data, so this package needs no ORM. */
export interface MaterialSource {
  id: string;
  kind: string;
  status: string;
  title: string;
  summary: string;
  body: string;
  grades: number[];
  keywords: string[];
  subjects: Array<{ id: string; name: string }>;
  levels: Array<{ id: string; code: string }>;
  authors: Array<{ id: string; fullName: string }>;
  organization?: { id: string; name: string; shortName?: string | null; municipality: string };
  publishedAt?: Date;
  updatedAt: Date;
  viewCount: number;
  downloadCount: number;
  expertLevel?: string;
  materialType?: string;
  files: Array<{ fileName: string; text?: string | null }>;
}

export interface MaterialDocument {
  id: string;
  kind: string;
  title: string;
  title_stems: string;
  /** Other derivations of the title's and keywords' words, ranked below the exact forms: see `derivationFamily`. */
  title_derived: string;
  summary: string;
  summary_stems: string;
  /** Other derivations of the summary's words. */
  summary_derived: string;
  keywords: string[];
  keywords_stems: string[];
  subjectIds: string[];
  subjectNames: string[];
  /** The subjects' stems and derivations: «по химии», «химический» find a material of Химия. */
  subjects_stems: string[];
  levelIds: string[];
  levelCodes: string[];
  grades: number[];
  authors: string[];
  /** Each author's name in every case: see `nameStems`. */
  authors_stems: string[];
  authorIds: string[];
  organizationId: string | null;
  organizationName: string | null;
  organizationShortName: string | null;
  municipality: string | null;
  year: number | null;
  publishedAt: number | null;
  updatedAt: number;
  viewCount: number;
  downloadCount: number;
  expertLevel: string | null;
  materialType: string | null;
  /** Words that did not fit into the chunk fields; non-zero is reported by the indexer, never silent. */
  overflowWords: number;
  [chunk: `content_${number}` | `content_stems_${number}`]: string;
}

/**
 * Meilisearch indexes at most 65,535 positions of one attribute; a long body or a 300-page PDF
 * would lose its tail. The long text is cut into chunks that stay well under the limit.
 */
export const WORDS_PER_CHUNK = 50_000;

export function chunkWords(text: string, wordsPerChunk = WORDS_PER_CHUNK): { chunks: string[]; overflowWords: number } {
  const tokens = tokenize(text);
  const chunks: string[] = [];
  for (let i = 0; i < tokens.length && chunks.length < CONTENT_CHUNKS; i += wordsPerChunk) {
    const part = tokens.slice(i, i + wordsPerChunk);
    chunks.push(text.slice(part[0]!.start, part.at(-1)!.end));
  }
  return { chunks, overflowWords: Math.max(0, tokens.length - CONTENT_CHUNKS * wordsPerChunk) };
}

/** The search document of a material, or null when it must not be searchable (not published). */
export function toMaterialDocument(m: MaterialSource, wordsPerChunk = WORDS_PER_CHUNK): MaterialDocument | null {
  if (m.status !== 'PUBLISHED') return null;
  const longText = [m.body, ...m.files.map((f) => [f.fileName, f.text ?? ''].join('\n'))].join('\n\n');
  const { chunks, overflowWords } = chunkWords(longText, wordsPerChunk);
  const doc: MaterialDocument = {
    id: m.id,
    kind: m.kind,
    title: m.title,
    title_stems: stemText(m.title),
    title_derived: derivedText([m.title, ...m.keywords].join(' \n ')),
    summary: m.summary,
    summary_stems: stemText(m.summary),
    summary_derived: derivationRoots(m.summary),
    keywords: m.keywords,
    keywords_stems: m.keywords.map(stemText),
    subjectIds: m.subjects.map((s) => s.id),
    subjectNames: m.subjects.map((s) => s.name),
    subjects_stems: m.subjects.map((s) => [stemText(s.name), derivedText(s.name)].join(' ')),
    levelIds: m.levels.map((l) => l.id),
    levelCodes: m.levels.map((l) => l.code),
    grades: m.grades,
    authors: m.authors.map((a) => a.fullName),
    authors_stems: m.authors.map((a) => nameStems(a.fullName)),
    authorIds: m.authors.map((a) => a.id),
    organizationId: m.organization?.id ?? null,
    organizationName: m.organization?.name ?? null,
    organizationShortName: m.organization?.shortName ?? null,
    municipality: m.organization?.municipality ?? null,
    year: m.publishedAt ? m.publishedAt.getUTCFullYear() : null,
    publishedAt: m.publishedAt ? m.publishedAt.getTime() : null,
    updatedAt: m.updatedAt.getTime(),
    viewCount: m.viewCount,
    downloadCount: m.downloadCount,
    expertLevel: m.expertLevel ?? null,
    materialType: m.materialType ?? null,
    overflowWords,
  };
  chunks.forEach((chunk, i) => {
    doc[`content_${i}`] = chunk;
    doc[`content_stems_${i}`] = stemText(chunk);
  });
  return doc;
}

export interface PersonSource {
  id: string;
  fullName: string;
  position?: string | null;
  organization?: { id: string; name: string } | null;
  subjects: Array<{ id: string; name: string }>;
}

export function toPersonDocument(p: PersonSource) {
  return {
    id: p.id,
    fullName: p.fullName,
    position: p.position ?? null,
    position_stems: stemText(p.position ?? ''),
    organizationId: p.organization?.id ?? null,
    organizationName: p.organization?.name ?? null,
    subjectIds: p.subjects.map((s) => s.id),
    subjectNames: p.subjects.map((s) => s.name),
  };
}

export interface OrganizationSource {
  id: string;
  name: string;
  shortName?: string | null;
  type: string;
  municipality: string;
}

export function toOrganizationDocument(o: OrganizationSource) {
  return {
    id: o.id,
    name: o.name,
    shortName: o.shortName ?? null,
    name_stems: stemText(o.name),
    type: o.type,
    municipality: o.municipality,
  };
}
