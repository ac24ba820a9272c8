import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import express from 'express';
import { element, xml } from '../../../common/xml.ts';
import { OaiRepository } from './oai-repository.ts';
import { OaiError, type OaiRequest, parseOaiRequest, type Verb } from './oai-request.ts';
import { datestamp, getRecord, identify, listItems, listMetadataFormats, listSets, type OaiConfig, type VerbContext } from './oai-verbs.ts';

export { OAI_PAGE, type OaiConfig } from './oai-verbs.ts';

const LRMI_XSD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lrmi.xsd');

/** The answer to each verb, inside the envelope. */
const VERBS: Record<Verb, (context: VerbContext, request: OaiRequest) => Promise<string>> = {
  Identify: identify,
  ListMetadataFormats: listMetadataFormats,
  ListSets: listSets,
  GetRecord: getRecord,
  ListIdentifiers: listItems,
  ListRecords: listItems,
};

/**
 * `/oai`: an OAI-PMH 2.0 data provider (GET and POST) over the published materials, in
 * `oai_dc` and our LRMI-shaped `lrmi` format, with sets by kind and subject.
 */
export function oaiRoutes(orm: MikroORM, config: OaiConfig, publicUrl: () => string): express.Router {
  const router = express.Router();

  const handle = async (req: express.Request, res: express.Response) => {
    const baseUrl = publicUrl();
    const pairs = [
      ...new URLSearchParams(
        req.method === 'POST' ? (typeof req.body === 'string' ? req.body : '') : (req.originalUrl.split('?')[1] ?? ''),
      ).entries(),
    ];
    let request: OaiRequest | undefined;
    let content: string;
    try {
      request = parseOaiRequest(pairs);
      content = await VERBS[request.verb]({ repository: new OaiRepository(orm.em.fork() as EntityManager), config, baseUrl }, request);
    } catch (error) {
      if (!(error instanceof OaiError)) throw error;
      // After badVerb or badArgument the request element carries only the base URL (protocol 3.6).
      if (error.code === 'badVerb' || error.code === 'badArgument') request = undefined;
      content = `<error code="${error.code}">${xml(error.message)}</error>`;
    }
    const attributes = request
      ? Object.entries({ verb: request.verb, ...request.args })
          .map(([k, v]) => ` ${k}="${xml(v)}"`)
          .join('')
      : '';
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
