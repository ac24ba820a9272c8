import { element } from '../../../common/xml.ts';
import { BestPractice, type Material, MethodologicalMaterial, NormativeDocument, Publication } from '../../materials/material.entity.ts';
import { EXPERT_LEVEL_LABELS, KIND_LABELS, MATERIAL_TYPE_LABELS, type MaterialKind } from '../../materials/material.enums.ts';

/** Links in records point at this server as the harvester reached it. */
export interface RecordContext {
  baseUrl: string;
  identifier: string;
}

export interface MetadataFormat {
  prefix: string;
  schema(baseUrl: string): string;
  namespace: string;
  render(material: Material, context: RecordContext): string;
}

const authorsOf = (material: Material) =>
  [...material.authorships.getItems()].sort((a, b) => a.position - b.position).map((a) => a.person.getEntity());
const filesOf = (material: Material) => [...material.attachments.getItems()].sort((a, b) => a.position - b.position);
const pageOf = (material: Material, baseUrl: string) => `${baseUrl}/materials/${material.globalId}`;
const day = (date: Date) => date.toISOString().slice(0, 10);
const seconds = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/** Unqualified Dublin Core, which every harvester understands. */
const oaiDc: MetadataFormat = {
  prefix: 'oai_dc',
  schema: () => 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd',
  namespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/',
  render(material, { baseUrl }) {
    const organization = material.organization?.getEntity();
    const files = filesOf(material);
    return [
      '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">',
      element('dc:title', material.title, { 'xml:lang': 'ru' }),
      ...authorsOf(material).map((person) => element('dc:creator', person.fullName)),
      ...material.subjects.getItems().map((subject) => element('dc:subject', subject.name, { 'xml:lang': 'ru' })),
      ...material.keywords.getItems().map((keyword) => element('dc:subject', keyword.name, { 'xml:lang': 'ru' })),
      element('dc:description', material.summary, { 'xml:lang': 'ru' }),
      element('dc:publisher', organization?.name ?? (material instanceof NormativeDocument ? material.issuer : undefined)),
      element('dc:date', material.publishedAt ? day(material.publishedAt) : undefined),
      element('dc:type', 'Text'),
      element('dc:type', KIND_LABELS[material.kind as MaterialKind], { 'xml:lang': 'ru' }),
      ...[...new Set(files.map((f) => f.file.getEntity().mimeType))].map((mime) => element('dc:format', mime)),
      element('dc:identifier', pageOf(material, baseUrl)),
      element('dc:identifier', material.registrationNumber),
      element('dc:identifier', material instanceof Publication && material.doi ? `https://doi.org/${material.doi}` : undefined),
      element('dc:identifier', material instanceof Publication && material.isbn ? `ISBN ${material.isbn}` : undefined),
      element('dc:language', 'ru'),
      ...files.map((f) => element('dc:relation', `${baseUrl}${f.file.getEntity().url}`)),
      ...material.levels.getItems().map((level) => element('dc:coverage', level.name, { 'xml:lang': 'ru' })),
      '</oai_dc:dc>',
    ].join('');
  },
};

export const LRMI_NAMESPACE = 'urn:metod-kb:oai:lrmi:1.0';

/**
 * Our richer format, shaped after LRMI (schema.org's learning resource terms): resource type,
 * educational levels and grades, subjects as alignments, authors with their organizations,
 * expert recognition and the files with their formats and sizes. Schema: `oai/lrmi.xsd`.
 */
const lrmi: MetadataFormat = {
  prefix: 'lrmi',
  schema: (baseUrl) => `${baseUrl}/oai/lrmi.xsd`,
  namespace: LRMI_NAMESPACE,
  render(material, { baseUrl, identifier }) {
    const organization = material.organization?.getEntity();
    const subtype =
      material instanceof MethodologicalMaterial && material.materialType
        ? element('lrmi:learningResourceType', MATERIAL_TYPE_LABELS[material.materialType], { code: material.materialType })
        : '';
    const recognition =
      material instanceof BestPractice && material.expertLevel
        ? element('lrmi:recognition', EXPERT_LEVEL_LABELS[material.expertLevel], { level: material.expertLevel })
        : '';
    return [
      `<lrmi:resource xmlns:lrmi="${LRMI_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${LRMI_NAMESPACE} ${baseUrl}/oai/lrmi.xsd">`,
      element('lrmi:identifier', identifier),
      element('lrmi:url', pageOf(material, baseUrl)),
      element('lrmi:name', material.title),
      element('lrmi:description', material.summary),
      element('lrmi:learningResourceType', KIND_LABELS[material.kind as MaterialKind], { code: material.kind }),
      subtype,
      element('lrmi:inLanguage', 'ru'),
      element('lrmi:datePublished', material.publishedAt ? seconds(material.publishedAt) : undefined),
      element('lrmi:dateModified', seconds(material.updatedAt)),
      element('lrmi:registrationNumber', material.registrationNumber),
      ...authorsOf(material).map(
        (person) => `<lrmi:author>${element('lrmi:name', person.fullName)}${element('lrmi:position', person.position)}</lrmi:author>`,
      ),
      organization
        ? `<lrmi:publisher>${element('lrmi:name', organization.name)}${element('lrmi:shortName', organization.shortName)}</lrmi:publisher>`
        : '',
      ...material.levels.getItems().map((level) => element('lrmi:educationalLevel', level.name, { code: level.code })),
      ...material.grades.map((grade) => element('lrmi:grade', grade)),
      ...material.subjects
        .getItems()
        .map((subject) => element('lrmi:educationalAlignment', subject.name, { alignmentType: 'educationalSubject' })),
      ...material.keywords.getItems().map((keyword) => element('lrmi:keyword', keyword.name)),
      recognition,
      ...filesOf(material).map(({ file: ref, title }) => {
        const file = ref.getEntity();
        return `<lrmi:encoding>${element('lrmi:contentUrl', `${baseUrl}${file.url}`)}${element('lrmi:name', title || file.fileName)}${element('lrmi:encodingFormat', file.mimeType)}${element('lrmi:contentSize', file.size)}</lrmi:encoding>`;
      }),
      '</lrmi:resource>',
    ].join('');
  },
};

export const METADATA_FORMATS: readonly MetadataFormat[] = [oaiDc, lrmi];
