import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Role } from './modules/accounts/user.entity.ts';
import { decodeXmlEntities } from './modules/files/extraction/markup.ts';
import { ImportService } from './modules/interop/import.service.ts';
import { readImportFile } from './modules/interop/rows.ts';
import { buildMaterial } from './test/factories.ts';
import { useTestApp } from './test/harness.ts';
import { signIn } from './test/sign-in.ts';

/**
 * A string from a request or an uploaded file that picks an entry of an enum or a table must name
 * one of its own entries: `constructor`, `toString` or `__proto__` are properties every object
 * inherits, and taking them for a kind once made answers 500 (with the SQL in development).
 */
const app = useTestApp();
const INHERITED = ['constructor', 'toString', '__proto__', 'hasOwnProperty'];

describe('user strings pick only own entries', () => {
  it('refuses an inherited property name, or an empty one, as a kind of /feed.xml with 400 naming the kinds', async () => {
    await buildMaterial(app.em(), { title: 'Материал ленты' });
    for (const kind of [...INHERITED, '']) {
      const response = await fetch(`${app.url}/feed.xml?kind=${kind}`);
      expect(response.status, kind).toBe(400);
      expect(await response.text()).toContain('допустимы BEST_PRACTICE');
    }
  });

  it('answers an OAI set kind:constructor like any unknown set, with noRecordsMatch', async () => {
    for (const verb of ['ListRecords', 'ListIdentifiers']) {
      for (const kind of INHERITED) {
        const response = await fetch(`${app.url}/oai?verb=${verb}&metadataPrefix=oai_dc&set=kind:${kind}`);
        expect(response.status, kind).toBe(200);
        expect(await response.text(), kind).toContain('<error code="noRecordsMatch">');
      }
    }
  });

  it('answers an OAI argument named like an inherited property with badArgument naming it', async () => {
    for (const name of INHERITED) {
      const text = await (await fetch(`${app.url}/oai?verb=Identify&${name}=1`)).text();
      expect(text, name).toContain('<error code="badArgument">');
      expect(text, name).toContain(`не принимает аргумент ${name}`);
    }
  });

  it('refuses an inherited property name as the dimension of a report download with 400', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    for (const by of INHERITED) {
      const response = await fetch(`${app.url}/reports/materials.csv?from=2026-01-01&to=2026-01-31&by=${by}`, {
        headers: { authorization: `Bearer ${methodist.token}` },
      });
      expect(response.status, by).toBe(400);
      expect((await response.json()).error).toContain('by: одно из ORGANIZATION');
    }
  });

  it('reports an import line of kind constructor as a bad kind, by its line and field', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kb-own-keys-'));
    try {
      const file = path.join(dir, 'bank.jsonl');
      await fs.writeFile(
        file,
        INHERITED.map((kind, i) => JSON.stringify({ externalId: `own-${i}`, kind, title: 'Материал с чужим видом' })).join('\n'),
      );
      const result = await new ImportService(app.orm, app.files.config, { dryRun: true, baseDir: dir }).run(await readImportFile(file));
      expect(result.failed).toBe(INHERITED.length);
      for (const [i, kind] of INHERITED.entries()) {
        expect(result.lines).toContainEqual(
          expect.objectContaining({ line: i + 1, field: 'kind', reason: expect.stringContaining(`«${kind}»`) }),
        );
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps an unknown XML entity named like an inherited property as written in extracted text', () => {
    expect(decodeXmlEntities('&constructor; &toString; &lt;b&gt; &amp;')).toBe('&constructor; &toString; <b> &');
  });

  it('refuses an old Office file whose only stream is named constructor with 415, not a server error', async () => {
    const author = await signIn(app, Role.AUTHOR);
    for (const name of ['constructor', 'toString']) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(oleWithStream(name))]), 'документ.doc');
      const response = await fetch(`${app.url}/api/files`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${author.token}` },
      });
      expect(response.status, name).toBe(415);
      expect((await response.json()).error).toContain('документ OLE неизвестного вида');
    }
  });
});

/** An OLE compound file reduced to what the type check reads: the signature and one directory entry, a stream of that name. */
function oleWithStream(name: string): Buffer {
  const file = Buffer.alloc(512 + 128);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file);
  const entry = file.subarray(512);
  entry.write(name, 0, 'utf16le');
  entry.writeUInt16LE((name.length + 1) * 2, 0x40);
  entry[0x42] = 2;
  return file;
}
