import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import express from 'express';
import { isIsoInstant } from '../../../common/iso-dates.ts';
import { decodeOpaque, encodeOpaque, isUuid } from '../../../common/opaque-token.ts';
import { element, xml } from '../../../common/xml.ts';
import type { Material } from '../../materials/material.entity.ts';
import { METADATA_FORMATS, type MetadataFormat } from './oai-formats.ts';
import { isDeleted, isKnownSet, OaiRepository, type Position, setsOf } from './oai-repository.ts';
import { OaiError, type OaiRequest, parseDatestamp, parseOaiRequest, type Verb } from './oai-request.ts';

export interface OaiConfig {
  repositoryName: string;
  adminEmail: string;
  /** The middle of every identifier, `oai:<repositoryId>:<uuid>`; keep it once harvesting has started. */
  repositoryId: string;
}

/** Items per ListRecords/ListIdentifiers answer; the rest follows by resumption token. */
export const OAI_PAGE = 100;
const LRMI_XSD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lrmi.xsd');

/** What a resumption token carries: the list's arguments and where the last page ended. */
interface ListState {
  verb: 'ListIdentifiers' | 'ListRecords';
  prefix: string;
  set?: string;
  from?: string;
  before?: string;
  after?: Position;
  cursor: number;
}

/** A position's datestamp as the repository writes it: UTC with microseconds, no zone letter. */
const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\d{3}$/;

/** The token's list, every field checked: a forged or damaged token is badResumptionToken, never a database error. */
function decodeToken(token: string, verb: Verb): ListState {
  const state = decodeOpaque(token);
  const after = typeof state?.after === 'object' && state.after !== null ? (state.after as Record<string, unknown>) : undefined;
  const stamp = typeof after?.stamp === 'string' ? STAMP.exec(after.stamp) : null;
  const valid =
    state !== undefined &&
    state.verb === verb &&
    METADATA_FORMATS.some((f) => f.prefix === state.prefix) &&
    (state.set === undefined || (typeof state.set === 'string' && isKnownSet(state.set))) &&
    [state.from, state.before].every((date) => date === undefined || isIsoInstant(date)) &&
    Number.isSafeInteger(state.cursor) &&
    (state.cursor as number) > 0 &&
    isUuid(after?.id) &&
    stamp !== null &&
    isIsoInstant(`${stamp[1]}Z`);
  if (!valid) throw new OaiError('badResumptionToken', `resumptionToken не подходит к ${verb} или повреждён; начните список заново без него`);
  return {
    verb: state.verb as ListState['verb'],
    prefix: state.prefix as string,
    set: state.set as string | undefined,
    from: state.from as string | undefined,
    before: state.before as string | undefined,
    after: { stamp: after!.stamp as string, id: after!.id as string },
    cursor: state.cursor as number,
  };
}

const datestamp = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/**
 * `/oai`: an OAI-PMH 2.0 data provider (GET and POST) over the published materials, in
 * `oai_dc` and our LRMI-shaped `lrmi` format, with sets by kind and subject.
 */
export function oaiRoutes(orm: MikroORM, config: OaiConfig, publicUrl: () => string): express.Router {
  const router = express.Router();
  const identifierPrefix = `oai:${config.repositoryId}:`;
  const identifierOf = (material: Material) => `${identifierPrefix}${material.id}`;

  const formatFor = (prefix: string): MetadataFormat => {
    const format = METADATA_FORMATS.find((f) => f.prefix === prefix);
    if (!format) throw new OaiError('cannotDisseminateFormat', `Формат ${prefix} не поддерживается; см. ListMetadataFormats`);
    return format;
  };

  const header = (material: Material) =>
    `<header${isDeleted(material) ? ' status="deleted"' : ''}>${element('identifier', identifierOf(material))}${element('datestamp', datestamp(material.updatedAt))}${setsOf(material)
      .map((spec) => element('setSpec', spec))
      .join('')}</header>`;

  const record = (material: Material, format: MetadataFormat, baseUrl: string) =>
    `<record>${header(material)}${isDeleted(material) ? '' : `<metadata>${format.render(material, { baseUrl, identifier: identifierOf(material) })}</metadata>`}</record>`;

  async function findRecord(repository: OaiRepository, identifier: string): Promise<Material> {
    const material = identifier.startsWith(identifierPrefix) ? await repository.findPublishedOnce(identifier.slice(identifierPrefix.length)) : undefined;
    if (!material) throw new OaiError('idDoesNotExist', `Записи ${identifier} нет в этом репозитории`);
    return material;
  }

  async function list(repository: OaiRepository, { verb, args }: OaiRequest, baseUrl: string): Promise<string> {
    const listVerb = verb as ListState['verb'];
    const state: ListState = args.resumptionToken
      ? decodeToken(args.resumptionToken, verb)
      : {
          verb: listVerb,
          prefix: args.metadataPrefix!,
          set: args.set,
          from: args.from && parseDatestamp('from', args.from).start.toISOString(),
          before: args.until && parseDatestamp('until', args.until).end.toISOString(),
          cursor: 0,
        };
    const format = formatFor(state.prefix);
    const filter = { set: state.set, from: state.from ? new Date(state.from) : undefined, before: state.before ? new Date(state.before) : undefined };
    const { ids, total } = await repository.page(filter, state.after, OAI_PAGE);
    if (!ids.length) throw new OaiError('noRecordsMatch', 'Под эти условия не подходит ни одна запись');
    const materials = await repository.load(
      ids.map((p) => p.id),
      verb === 'ListRecords',
    );
    const items = materials.map((m) => (verb === 'ListRecords' ? record(m, format, baseUrl) : header(m))).join('');
    const seen = state.cursor + ids.length;
    const attributes = `completeListSize="${Math.max(total, seen)}" cursor="${state.cursor}"`;
    // The last page of a list that was split carries an empty token, so harvesters know it ended.
    const token =
      seen < total
        ? `<resumptionToken ${attributes}>${encodeOpaque({ ...state, after: ids.at(-1), cursor: seen })}</resumptionToken>`
        : state.cursor > 0
          ? `<resumptionToken ${attributes}/>`
          : '';
    return `<${verb}>${items}${token}</${verb}>`;
  }

  async function answer(request: OaiRequest, baseUrl: string): Promise<string> {
    const repository = new OaiRepository(orm.em.fork() as EntityManager);
    const { verb, args } = request;
    switch (verb) {
      case 'Identify': {
        const earliest = (await repository.earliestDatestamp()) ?? new Date();
        return [
          '<Identify>',
          element('repositoryName', config.repositoryName),
          element('baseURL', `${baseUrl}/oai`),
          '<protocolVersion>2.0</protocolVersion>',
          element('adminEmail', config.adminEmail),
          element('earliestDatestamp', datestamp(earliest)),
          '<deletedRecord>persistent</deletedRecord>',
          '<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>',
          '</Identify>',
        ].join('');
      }
      case 'ListMetadataFormats': {
        if (args.identifier) await findRecord(repository, args.identifier);
        const formats = METADATA_FORMATS.map((f) => `<metadataFormat>${element('metadataPrefix', f.prefix)}${element('schema', f.schema(baseUrl))}${element('metadataNamespace', f.namespace)}</metadataFormat>`);
        return `<ListMetadataFormats>${formats.join('')}</ListMetadataFormats>`;
      }
      case 'ListSets': {
        // Every set fits in one answer, so no token was ever handed out.
        if (args.resumptionToken) throw new OaiError('badResumptionToken', 'ListSets отдаётся целиком, без resumptionToken');
        const sets = await repository.sets();
        return `<ListSets>${sets.map((s) => `<set>${element('setSpec', s.spec)}${element('setName', s.name)}</set>`).join('')}</ListSets>`;
      }
      case 'GetRecord': {
        const format = formatFor(args.metadataPrefix!);
        return `<GetRecord>${record(await findRecord(repository, args.identifier!), format, baseUrl)}</GetRecord>`;
      }
      case 'ListIdentifiers':
      case 'ListRecords':
        return list(repository, request, baseUrl);
    }
  }

  const handle = async (req: express.Request, res: express.Response) => {
    const baseUrl = publicUrl();
    const pairs = [...new URLSearchParams(req.method === 'POST' ? (typeof req.body === 'string' ? req.body : '') : req.originalUrl.split('?')[1] ?? '').entries()];
    let request: OaiRequest | undefined;
    let content: string;
    try {
      request = parseOaiRequest(pairs);
      content = await answer(request, baseUrl);
    } catch (error) {
      if (!(error instanceof OaiError)) throw error;
      // After badVerb or badArgument the request element carries only the base URL (protocol 3.6).
      if (error.code === 'badVerb' || error.code === 'badArgument') request = undefined;
      content = `<error code="${error.code}">${xml(error.message)}</error>`;
    }
    const attributes = request ? Object.entries({ verb: request.verb, ...request.args }).map(([k, v]) => ` ${k}="${xml(v)}"`).join('') : '';
    res
      .type('text/xml; charset=utf-8')
      .set('Cache-Control', 'no-cache')
      .send(
        [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">',
          element('responseDate', datestamp(new Date())),
          `<request${attributes}>${xml(`${baseUrl}/oai`)}</request>`,
          content,
          '</OAI-PMH>',
        ].join('\n'),
      );
  };

  router.get('/oai/lrmi.xsd', (_req, res) => res.type('application/xml').sendFile(LRMI_XSD));
  router.get('/oai', handle);
  router.post('/oai', express.text({ type: 'application/x-www-form-urlencoded', limit: '16kb' }), handle);
  return router;
}
