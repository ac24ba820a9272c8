import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { buildLevel, buildMaterial, buildPerson, buildSubject } from '../../../test/factories.ts';
import { useTestApp, type TestApp } from '../../../test/harness.ts';
import type { EducationLevel, Subject } from '../../dictionaries/dictionary.entity.ts';
import type { Material } from '../../materials/material.entity.ts';
import { MaterialKind, MaterialStatus } from '../../materials/material.enums.ts';
import { OAI_PAGE } from './oai.routes.ts';

const app = useTestApp();
const OAI_DIR = path.dirname(fileURLToPath(import.meta.url));
const idOf = (material: Material) => `oai:metod-kb.test:${material.id}`;

/**
 * `xsd/all.xsd` and every schema it imports (the official OAI-PMH and oai_dc ones, fetched by the pretest
 * step, and our lrmi.xsd), under the names its schemaLocations give, for xmllint's own file system.
 */
function schemaFiles() {
  const official = ['OAI-PMH.xsd', 'oai_dc.xsd', 'simpledc20021212.xsd', 'xml.xsd'].map((name) => `xsd/official/${name}`);
  for (const name of official) {
    if (!fs.existsSync(path.join(OAI_DIR, name)))
      throw new Error(`Нет официальной схемы OAI-PMH ${name}: npm test получает её сам (scripts/test-prerequisites.sh)`);
  }
  return ['xsd/all.xsd', 'lrmi.xsd', ...official].map((name) => ({
    fileName: `oai/${name}`,
    contents: fs.readFileSync(path.join(OAI_DIR, name), 'utf8'),
  }));
}

/** libxml2's xmllint (WebAssembly, offline) against the official OAI-PMH and oai_dc schemas plus ours. */
async function validate(xmlText: string): Promise<void> {
  const [schema, ...imported] = schemaFiles();
  const result = await validateXML({ xml: [{ fileName: 'answer.xml', contents: xmlText }], schema: [schema!], preload: imported });
  if (!result.valid) throw new Error(`Ответ не проходит схему:\n${result.rawOutput}\n${xmlText.slice(0, 2000)}`);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) =>
    [
      'record',
      'header',
      'setSpec',
      'set',
      'metadataFormat',
      'error',
      'creator',
      'subject',
      'identifier',
      'type',
      'author',
      'encoding',
      'educationalAlignment',
      'educationalLevel',
      'learningResourceType',
      'grade',
      'keyword',
      'relation',
      'format',
    ].includes(name),
});

/** One request, validated; the parsed `OAI-PMH` element. */
async function oai(query: string, init?: RequestInit, target: TestApp = app) {
  const response = await fetch(`${target.url}/oai${init ? '' : `?${query}`}`, init);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
  const text = await response.text();
  await validate(text);
  return parser.parse(text)['OAI-PMH'];
}

async function errorCode(query: string): Promise<string> {
  const answer = await oai(query);
  expect(answer.error, query).toBeDefined();
  return answer.error[0]['@_code'];
}

const idsIn = (headers: Array<{ identifier: string[] }>) => headers.map((h) => h.identifier[0]);

let practice: Material;
let archived: Material;
let draft: Material;
let chemistry: Subject;
let level: EducationLevel;

beforeAll(async () => {
  const em = app.em();
  chemistry = await buildSubject(em, 'Химия');
  level = await buildLevel(em, 'ООО');
  const author = await buildPerson(em, { fullName: 'Харвестова Анна Петровна', position: 'учитель химии' });
  practice = await buildMaterial(em, {
    title: 'Опыты с водой & <солями>',
    summary: 'Практика лабораторных работ',
    kind: MaterialKind.BEST_PRACTICE,
    subjects: [chemistry],
    levels: [level],
    grades: [8, 9],
    keywords: ['лабораторная работа'],
    authors: [author],
  });
  archived = await buildMaterial(em, { title: 'Снятая с публикации практика', kind: MaterialKind.BEST_PRACTICE, subjects: [chemistry] });
  archived.status = MaterialStatus.ARCHIVED;
  draft = await buildMaterial(em, { title: 'Черновик', status: MaterialStatus.DRAFT });
  // Enough published lesson plans for the lists to need resumption tokens.
  for (let i = 0; i < OAI_PAGE + 5; i++) await buildMaterial(em, { title: `Конспект ${i}`, kind: MaterialKind.METHODOLOGICAL_MATERIAL });
  await em.flush();
  // Known datestamps: the practice changed on 2026-03-10 at 12:00:00.400, the archived one a day later.
  await em.getConnection().execute(`update material set updated_at = '2026-03-10T12:00:00.400Z' where id = ?`, [practice.id]);
  await em.getConnection().execute(`update material set updated_at = '2026-03-11T08:00:00Z' where id = ?`, [archived.id]);
  await em.getConnection().execute(`update material set updated_at = '2026-05-01T00:00:00Z' where kind = 'METHODOLOGICAL_MATERIAL'`);
});

describe('OAI-PMH', () => {
  it('identifies the repository with persistent deletes and second granularity', async () => {
    const answer = await oai('verb=Identify');
    expect(answer.request).toMatchObject({ '@_verb': 'Identify', '#text': `${app.url}/oai` });
    expect(answer.Identify).toMatchObject({
      repositoryName: 'Методическая база знаний (тест)',
      baseURL: `${app.url}/oai`,
      protocolVersion: '2.0',
      adminEmail: 'oai@example.org',
      earliestDatestamp: '2026-03-10T12:00:00Z',
      deletedRecord: 'persistent',
      granularity: 'YYYY-MM-DDThh:mm:ssZ',
    });
  });

  it('lists both metadata formats, for the repository and for one record', async () => {
    for (const query of ['verb=ListMetadataFormats', `verb=ListMetadataFormats&identifier=${idOf(practice)}`]) {
      const formats = (await oai(query)).ListMetadataFormats.metadataFormat;
      expect(formats.map((f: { metadataPrefix: string }) => f.metadataPrefix)).toEqual(['oai_dc', 'lrmi']);
    }
    const schema = await fetch(`${app.url}/oai/lrmi.xsd`);
    expect(schema.status).toBe(200);
    expect(await schema.text()).toContain('targetNamespace="urn:metod-kb:oai:lrmi:1.0"');
  });

  it('lists sets by kind and by subject, with their Russian names', async () => {
    const sets = (await oai('verb=ListSets')).ListSets.set.map((s: { setSpec: string[]; setName: string }) => [s.setSpec[0], s.setName]);
    expect(sets).toContainEqual(['kind:BEST_PRACTICE', 'Педагогическая практика']);
    expect(sets).toContainEqual([`subject:${chemistry.id}`, 'Химия']);
  });

  it('gives a record in Dublin Core with title, author, subjects, level, date and a link to the page', async () => {
    const record = (await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${idOf(practice)}`)).GetRecord.record[0];
    expect(record.header[0]).toMatchObject({ identifier: [idOf(practice)], datestamp: '2026-03-10T12:00:00Z' });
    expect(record.header[0].setSpec).toEqual(['kind', 'kind:BEST_PRACTICE', 'subject', `subject:${chemistry.id}`]);
    const dc = record.metadata.dc;
    expect(dc.title['#text']).toBe('Опыты с водой & <солями>');
    expect(dc.creator).toEqual(['Харвестова Анна Петровна']);
    expect(dc.subject.map((s: { '#text': string }) => s['#text'])).toEqual(['Химия', 'лабораторная работа']);
    expect(dc.coverage['#text']).toBe(level.name);
    expect(dc.identifier[0]).toBe(`${app.url}/materials/${practice.globalId}`);
    expect(dc.date).toBe(practice.publishedAt!.toISOString().slice(0, 10));
  });

  it('gives the same record in the LRMI-shaped format with type, levels, grades and authors', async () => {
    const resource = (await oai(`verb=GetRecord&metadataPrefix=lrmi&identifier=${idOf(practice)}`)).GetRecord.record[0].metadata.resource;
    expect(resource.identifier).toEqual([idOf(practice)]);
    expect(resource.learningResourceType[0]).toMatchObject({ '@_code': 'BEST_PRACTICE', '#text': 'Педагогическая практика' });
    expect(resource.educationalLevel[0]['@_code']).toBe('ООО');
    expect(resource.grade).toEqual(['8', '9']);
    expect(resource.author[0]).toEqual({ name: 'Харвестова Анна Петровна', position: 'учитель химии' });
    expect(resource.educationalAlignment[0]).toMatchObject({ '@_alignmentType': 'educationalSubject', '#text': 'Химия' });
    expect(resource.dateModified).toBe('2026-03-10T12:00:00Z');
  });

  it('keeps a material taken off publication as a deleted record, and never shows drafts', async () => {
    const deleted = (await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${idOf(archived)}`)).GetRecord.record[0];
    expect(deleted.header[0]['@_status']).toBe('deleted');
    expect(deleted.metadata).toBeUndefined();
    expect(await errorCode(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${idOf(draft)}`)).toBe('idDoesNotExist');
  });

  it('pages through everything with resumption tokens: each record once, the last token empty', async () => {
    const seen: string[] = [];
    let answer = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    const pages = [answer];
    while (answer.ListIdentifiers.resumptionToken?.['#text']) {
      answer = await oai(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(answer.ListIdentifiers.resumptionToken['#text'])}`);
      pages.push(answer);
    }
    for (const page of pages) seen.push(...idsIn(page.ListIdentifiers.header));
    expect(pages).toHaveLength(2);
    expect(pages[0].ListIdentifiers.resumptionToken).toMatchObject({ '@_completeListSize': String(OAI_PAGE + 7), '@_cursor': '0' });
    expect(pages[1].ListIdentifiers.resumptionToken).toMatchObject({
      '@_completeListSize': String(OAI_PAGE + 7),
      '@_cursor': String(OAI_PAGE),
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(OAI_PAGE + 7);
    expect(seen).toContain(idOf(archived));
    expect(seen).not.toContain(idOf(draft));
  });

  it('harvests by date: from and until are inclusive in either granularity', async () => {
    const ids = async (query: string) => idsIn((await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&${query}`)).ListIdentifiers.header);
    expect(await ids('from=2026-03-10&until=2026-03-10')).toEqual([idOf(practice)]);
    expect(await ids('from=2026-03-10T12:00:00Z&until=2026-03-10T12:00:00Z')).toEqual([idOf(practice)]);
    expect(await ids('from=2026-03-10T12:00:01Z&until=2026-03-11T08:00:00Z')).toEqual([idOf(archived)]);
    expect(await errorCode('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2030-01-01')).toBe('noRecordsMatch');
  });

  it('harvests a set', async () => {
    const records = (await oai(`verb=ListRecords&metadataPrefix=lrmi&set=subject:${chemistry.id}`)).ListRecords.record;
    expect(records.map((r: { header: Array<{ identifier: string[] }> }) => r.header[0].identifier[0])).toEqual([
      idOf(practice),
      idOf(archived),
    ]);
  });

  it('answers POST like GET, arguments read from the form body', async () => {
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    for (const query of [
      'verb=ListSets',
      `verb=GetRecord&metadataPrefix=lrmi&identifier=${encodeURIComponent(idOf(practice))}`,
      'verb=ListIdentifiers&metadataPrefix=oai_dc&from=2026-03-11',
    ]) {
      // responseDate is the moment of answering, so it may differ by a second; everything else is the same answer.
      const { responseDate: _posted, ...posted } = await oai('', { ...form, body: query });
      const { responseDate: _got, ...got } = await oai(query);
      expect(posted, query).toEqual(got);
    }
  });

  it('refuses what is not OAI-PMH: the schema check fails on a wrong element', async () => {
    const answer = await (await fetch(`${app.url}/oai?verb=Identify`)).text();
    await validate(answer);
    await expect(
      validate(answer.replace('<protocolVersion>2.0</protocolVersion>', '<protocolVersion>2.0</protocolVersion><version>2</version>')),
    ).rejects.toThrow(/не проходит схему/);
  });

  it('refuses forged resumption tokens field by field with badResumptionToken', async () => {
    const issued = (await oai('verb=ListRecords&metadataPrefix=oai_dc')).ListRecords.resumptionToken['#text'];
    const real = JSON.parse(Buffer.from(issued, 'base64url').toString('utf8'));
    const forge = (changes: Record<string, unknown>) => Buffer.from(JSON.stringify({ ...real, ...changes })).toString('base64url');
    const raw = (json: string) => Buffer.from(json).toString('base64url');
    const forged = [
      ...['2026-99-99T99:99:99.000000', '0000-01-01T00:00:00.000000', '2026-02-30T00:00:00.000000', 42].map((stamp) =>
        forge({ after: { ...real.after, stamp } }),
      ),
      ...['x', "'; drop table material; --", 42, null].map((id) => forge({ after: { ...real.after, id } })),
      forge({ after: null }),
      ...[-1, 0, 1.5, '1', 2 ** 60].map((cursor) => forge({ cursor })),
      raw(JSON.stringify({ ...real, cursor: 1 }).replace('"cursor":1', '"cursor":1e400')),
      ...['-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '1', 'вчера', '2026-02-30T00:00:00.000Z', 5].flatMap((date) => [
        forge({ from: date }),
        forge({ before: date }),
      ]),
      ...['kind:constructor', 'kind:NOPE', 'subject:x', '', 5].map((set) => forge({ set })),
      ...['marc21', 'toString', 5].map((prefix) => forge({ prefix })),
      ...['null', '[]', '"x"', '1', '{}'].map(raw),
    ];
    for (const token of forged) {
      const text = Buffer.from(token, 'base64url').toString('utf8');
      expect(await errorCode(`verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`), text).toBe('badResumptionToken');
    }
  });

  it('answers bad requests with the protocol error codes, echoing arguments only when they were legal', async () => {
    const cases: Array<[string, string]> = [
      ['', 'badVerb'],
      ['verb=Harvest', 'badVerb'],
      ['verb=Identify&verb=Identify', 'badVerb'],
      ['verb=Identify&set=kind', 'badArgument'],
      ['verb=ListRecords', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=lrmi', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-02-30', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-03-01&until=2026-03-02T00:00:00Z', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2026-03-02&until=2026-03-01', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&set=kind:%D0%B0', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc', 'badArgument'],
      ['verb=GetRecord&identifier=x', 'badArgument'],
      ['verb=ListRecords&resumptionToken=not-a-token', 'badResumptionToken'],
      ['verb=ListSets&resumptionToken=abc', 'badResumptionToken'],
      // A prefix outside the protocol's syntax cannot even be echoed back: the request is bad.
      ['verb=ListRecords&metadataPrefix=%3Fa', 'badArgument'],
      ['verb=GetRecord&identifier=x&metadataPrefix=..%2Fetc', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat'],
      [`verb=GetRecord&metadataPrefix=mods&identifier=${idOf(practice)}`, 'cannotDisseminateFormat'],
      ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:metod-kb.test:00000000-0000-0000-0000-000000000000', 'idDoesNotExist'],
      ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere:1', 'idDoesNotExist'],
      ['verb=ListMetadataFormats&identifier=oai:metod-kb.test:nope', 'idDoesNotExist'],
      ['verb=ListRecords&metadataPrefix=oai_dc&set=kind:LESSON', 'noRecordsMatch'],
      ['verb=ListIdentifiers&metadataPrefix=oai_dc&until=2020-01-01', 'noRecordsMatch'],
    ];
    for (const [query, code] of cases) expect(await errorCode(query), query).toBe(code);
    // A token handed out for ListIdentifiers does not continue ListRecords.
    const token = (await oai('verb=ListIdentifiers&metadataPrefix=oai_dc')).ListIdentifiers.resumptionToken['#text'];
    expect(await errorCode(`verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`)).toBe('badResumptionToken');
    // After badVerb/badArgument the request element holds the base URL only; otherwise the arguments.
    expect((await oai('verb=Harvest')).request).toBe(`${app.url}/oai`);
    expect((await oai('verb=ListRecords&metadataPrefix=marc21')).request).toMatchObject({
      '@_verb': 'ListRecords',
      '@_metadataPrefix': 'marc21',
    });
  });
});

describe('OAI-PMH after an edit', () => {
  // It edits a record: a database of its own, so that the datestamps the tests above expect hold in any order.
  const own = useTestApp();

  it('gives an edited record again, with its new datestamp', async () => {
    const em = own.em();
    const material = await buildMaterial(em, { title: 'Практика для повторного сбора', kind: MaterialKind.BEST_PRACTICE });
    await em.getConnection().execute(`update material set updated_at = '2026-03-10T12:00:00Z' where id = ?`, [material.id]);
    const since = `${new Date(Date.now() - 60_000).toISOString().slice(0, 19)}Z`;
    const changedSince = `verb=ListRecords&metadataPrefix=oai_dc&set=kind:BEST_PRACTICE&from=${since}`;
    expect((await oai(changedSince, undefined, own)).error[0]['@_code']).toBe('noRecordsMatch');

    const fresh = await em.findOneOrFail(material.constructor as typeof Material, material.id);
    fresh.summary = 'Дополненная аннотация';
    await em.flush();
    const changed = (await oai(changedSince, undefined, own)).ListRecords.record;
    expect(changed).toHaveLength(1);
    expect(changed[0].header[0].identifier).toEqual([idOf(material)]);
    expect(changed[0].header[0].datestamp >= since).toBe(true);
    expect(changed[0].metadata.dc.description['#text']).toBe('Дополненная аннотация');
  });
});
