import { EducationLevel, Subject } from '../dictionaries/dictionary.entity.ts';
import { KINDS, type MaterialKind } from '../materials/kinds.ts';
import { type CheckedValues, checkValues, date, FieldProblem, LIMITS, list, text } from '../materials/material-fields.ts';
import type { Material } from '../materials/material.entity.ts';
import { MaterialStatus } from '../materials/material.enums.ts';
import { BankFileError, type BankFile, findBankFile } from './bank-files.ts';
import { DICTIONARY_FIELDS, type DictionaryMatcher, normalizeName } from './matching.ts';
import type { ImportRow } from './rows.ts';

/** What one line asks for, fully checked before anything is changed. */
export interface LinePlan {
  externalId: string;
  kind: MaterialKind;
  status: MaterialStatus;
  publishedAt?: Date;
  /** The texts, classes, keywords and the kind's own columns, checked by the materials' rules. */
  values: CheckedValues;
  subjects: Subject[];
  levels: EducationLevel[];
  organization?: { key: string; name: string; municipality?: string };
  authors: Array<{ fullName: string; position?: string }>;
  /** Regular files inside the bank's folder, each with the path its line gave. */
  files: Array<{ file: BankFile; relative: string; field: string }>;
}

/** A line's external id as the file has it, trimmed (validation says what is wrong with one that is not text). */
export const externalIdOf = (row: ImportRow) => (typeof row.fields.externalId === 'string' ? row.fields.externalId.trim() : undefined);

export const NO_FILES_WITHOUT_FOLDER =
  'в банке, загруженном через API, файлы не принимаются: рядом с ним нет папки с файлами. Уберите files из строки или импортируйте банк с файлами командой npm run kb -- import';

/** What a line is checked against: the dictionaries, the organizations known so far and the bank's folder. */
export interface LineContext {
  subjects: DictionaryMatcher<Subject>;
  levels: DictionaryMatcher<EducationLevel>;
  /** An organization (by normalised name) already in the directory or created by the same batch. */
  knownOrganization(key: string): boolean;
  /** The real path of the bank's folder; `null` for a bank without one. */
  folder: string | null;
}

/** Every check of a line, without changing anything: the materials' rules for its values, the import's for the rest. */
export function planLine(f: Record<string, unknown>, existing: Material | null, context: LineContext): LinePlan {
  const externalId = text(f.externalId, 'externalId', LIMITS.externalId);
  if (!externalId) throw new FieldProblem('externalId', 'обязательное поле: по нему строка находит свой материал при повторном импорте');
  const kind = text(f.kind, 'kind', 40) as MaterialKind | undefined;
  if (!kind || !Object.hasOwn(KINDS, kind)) throw new FieldProblem('kind', `«${kind ?? ''}» — допустимы ${Object.keys(KINDS).join(', ')}`);
  const status = (text(f.status, 'status', 20) ?? MaterialStatus.PUBLISHED) as MaterialStatus;
  if (!Object.values(MaterialStatus).includes(status))
    throw new FieldProblem('status', `«${status}» — допустимы ${Object.values(MaterialStatus).join(', ')}`);
  if (existing && existing.kind !== kind)
    throw new FieldProblem('kind', `материал ${externalId} уже есть с видом ${existing.kind}; вид не меняется импортом`);
  // A line is the whole material: texts, classes and keywords it leaves out are emptied.
  const values = checkValues(
    kind,
    { ...f, summary: f.summary ?? '', body: f.body ?? '', grades: f.grades ?? [], keywords: f.keywords ?? [] },
    { complete: true },
  );

  return {
    externalId,
    kind,
    status,
    publishedAt: date(f.publishedAt, 'publishedAt'),
    values,
    subjects: list(f.subjects, 'subjects').map((name) => dictionaryEntry(context.subjects, String(name))),
    levels: list(f.levels, 'levels').map((name) => dictionaryEntry(context.levels, String(name))),
    organization: f.organization ? organizationPlan(f.organization, context) : undefined,
    authors: list(f.authors, 'authors').map((value, i) => {
      const a = (typeof value === 'string' ? { fullName: value } : value) as { fullName?: unknown; position?: unknown };
      const fullName = text(a?.fullName, `authors[${i}].fullName`, LIMITS.personName);
      if (!fullName || fullName.split(/\s+/).length < 2)
        throw new FieldProblem(`authors[${i}].fullName`, 'ФИО — хотя бы фамилия и инициалы');
      return { fullName, position: text(a.position, `authors[${i}].position`, LIMITS.position) };
    }),
    files: filePlan(list(f.files, 'files'), context.folder),
  };
}

/** The files a line names: regular files inside the bank's folder, never anything else of the server's disk. */
function filePlan(values: unknown[], folder: string | null): LinePlan['files'] {
  if (values.length && folder === null) throw new FieldProblem('files', NO_FILES_WITHOUT_FOLDER);
  return values.map((value, i) => {
    const field = `files[${i}].path`;
    const relative = text((value as { path?: unknown })?.path ?? value, field, 1000);
    if (!relative) throw new FieldProblem(field, 'укажите путь к файлу');
    try {
      return { file: findBankFile(folder!, relative), relative, field };
    } catch (error) {
      throw error instanceof BankFileError ? new FieldProblem(field, error.message) : error;
    }
  });
}

function dictionaryEntry<T>(matcher: DictionaryMatcher<T>, name: string): T {
  const found = matcher.find(name);
  if (!found)
    throw new FieldProblem(
      matcher.field,
      `неизвестный ${DICTIONARY_FIELDS[matcher.field]} «${name}»: добавьте его в справочник, сопоставьте с имеющимся или загрузите с добавлением недостающих (отметка «Создать недостающие значения» на странице импорта или --create-missing)`,
    );
  return found;
}

function organizationPlan(value: unknown, context: LineContext): NonNullable<LinePlan['organization']> {
  const o = (typeof value === 'string' ? { name: value } : value) as { name?: unknown; municipality?: unknown };
  const name = text(o?.name, 'organization.name', LIMITS.organizationName);
  if (!name) throw new FieldProblem('organization.name', 'укажите название организации');
  const key = normalizeName(name);
  const municipality = text(o.municipality, 'organization.municipality', LIMITS.municipality);
  if (!context.knownOrganization(key) && !municipality)
    throw new FieldProblem('organization.municipality', `организации «${name}» нет в справочнике: для новой укажите муниципалитет`);
  return { key, name, municipality };
}
