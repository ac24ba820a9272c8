import type { Material } from '../../materials/material.entity.ts';
import { decodeOpaque, encodeOpaque, isUuid } from '../../../common/opaque-token.ts';
import { isIsoInstant } from '../../../common/iso-dates.ts';
import { element } from '../../../common/xml.ts';
import { METADATA_FORMATS, type MetadataFormat } from './oai-formats.ts';
import { isDeleted, isKnownSet, type OaiRepository, type Position, setsOf } from './oai-repository.ts';
import { OaiError, type OaiRequest, parseDatestamp, type Verb } from './oai-request.ts';

export interface OaiConfig {
  repositoryName: string;
  adminEmail: string;
  /** The middle of every identifier, `oai:<repositoryId>:<uuid>`; keep it once harvesting has started. */
  repositoryId: string;
}

/** Items per ListRecords/ListIdentifiers answer; the rest follows by resumption token. */
export const OAI_PAGE = 100;

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
  if (!valid)
    throw new OaiError('badResumptionToken', `resumptionToken не подходит к ${verb} или повреждён; начните список заново без него`);
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

export const datestamp = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/** What every verb answers from: the repository of one request, the configuration and the base URL. */
export interface VerbContext {
  repository: OaiRepository;
  config: OaiConfig;
  baseUrl: string;
}

const identifierPrefix = (config: OaiConfig) => `oai:${config.repositoryId}:`;
const identifierOf = (config: OaiConfig, material: Material) => `${identifierPrefix(config)}${material.id}`;

function formatFor(prefix: string): MetadataFormat {
  const format = METADATA_FORMATS.find((f) => f.prefix === prefix);
  if (!format) throw new OaiError('cannotDisseminateFormat', `Формат ${prefix} не поддерживается; см. ListMetadataFormats`);
  return format;
}

const header = (config: OaiConfig, material: Material) =>
  `<header${isDeleted(material) ? ' status="deleted"' : ''}>${element('identifier', identifierOf(config, material))}${element('datestamp', datestamp(material.updatedAt))}${setsOf(
    material,
  )
    .map((spec) => element('setSpec', spec))
    .join('')}</header>`;

const record = ({ config, baseUrl }: VerbContext, material: Material, format: MetadataFormat) =>
  `<record>${header(config, material)}${isDeleted(material) ? '' : `<metadata>${format.render(material, { baseUrl, identifier: identifierOf(config, material) })}</metadata>`}</record>`;

async function findRecord({ repository, config }: VerbContext, identifier: string): Promise<Material> {
  const prefix = identifierPrefix(config);
  const material = identifier.startsWith(prefix) ? await repository.findPublishedOnce(identifier.slice(prefix.length)) : undefined;
  if (!material) throw new OaiError('idDoesNotExist', `Записи ${identifier} нет в этом репозитории`);
  return material;
}

export async function identify({ repository, config, baseUrl }: VerbContext): Promise<string> {
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

export async function listMetadataFormats(context: VerbContext, { args }: OaiRequest): Promise<string> {
  if (args.identifier) await findRecord(context, args.identifier);
  const formats = METADATA_FORMATS.map(
    (f) =>
      `<metadataFormat>${element('metadataPrefix', f.prefix)}${element('schema', f.schema(context.baseUrl))}${element('metadataNamespace', f.namespace)}</metadataFormat>`,
  );
  return `<ListMetadataFormats>${formats.join('')}</ListMetadataFormats>`;
}

export async function listSets({ repository }: VerbContext, { args }: OaiRequest): Promise<string> {
  // Every set fits in one answer, so no token was ever handed out.
  if (args.resumptionToken) throw new OaiError('badResumptionToken', 'ListSets отдаётся целиком, без resumptionToken');
  const sets = await repository.sets();
  return `<ListSets>${sets.map((s) => `<set>${element('setSpec', s.spec)}${element('setName', s.name)}</set>`).join('')}</ListSets>`;
}

export async function getRecord(context: VerbContext, { args }: OaiRequest): Promise<string> {
  const format = formatFor(args.metadataPrefix!);
  return `<GetRecord>${record(context, await findRecord(context, args.identifier!), format)}</GetRecord>`;
}

/** ListIdentifiers and ListRecords: a page of headers or records, continued by resumption token. */
export async function listItems(context: VerbContext, { verb, args }: OaiRequest): Promise<string> {
  const { repository, config } = context;
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
  const filter = {
    set: state.set,
    from: state.from ? new Date(state.from) : undefined,
    before: state.before ? new Date(state.before) : undefined,
  };
  const { ids, total } = await repository.page(filter, state.after, OAI_PAGE);
  if (!ids.length) throw new OaiError('noRecordsMatch', 'Под эти условия не подходит ни одна запись');
  const materials = await repository.load(
    ids.map((p) => p.id),
    verb === 'ListRecords',
  );
  const items = materials.map((m) => (verb === 'ListRecords' ? record(context, m, format) : header(config, m))).join('');
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
