import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { buildMaterial, buildOrganization, buildPerson } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { Material } from '../materials/material.entity.ts';
import { ExpertLevel, MaterialKind, MaterialStatus } from '../materials/material.enums.ts';

const CENTRE = {
  name: 'МКУ «Информационно-методический центр»',
  municipality: 'Северо-Енисейский район',
  headTitle: 'Директор МКУ «ИМЦ»',
  headName: 'Т. В. Соболева',
};
const app = useTestApp({ centre: CENTRE });

async function published(number: string) {
  const em = app.em();
  const school = await buildOrganization(em, { name: 'МБОУ «Тейская средняя школа № 3»', municipality: 'Северо-Енисейский район' });
  const first = await buildPerson(em, { fullName: 'Орлова Ирина Петровна', position: 'учитель математики', organization: school });
  const second = await buildPerson(em, { fullName: 'Белов Андрей Сергеевич', position: 'учитель информатики', organization: school });
  return buildMaterial(em, {
    title: 'Проценты в задачах из жизни посёлка',
    kind: MaterialKind.BEST_PRACTICE,
    authors: [first, second],
    fields: { registrationNumber: number, publishedAt: new Date('2026-03-05T10:00:00Z'), expertLevel: ExpertLevel.MUNICIPAL },
  });
}

describe('certificate of publication', () => {
  it('renders a PDF with the authors, title and registration number, linked to its verification page', async () => {
    const material = await published('ИМЦ-2026-00042');
    const link = await app.gql(`query($id: ID!) { material(id: $id) { certificateUrl } }`, { id: material.globalId });
    expect(link.data.material.certificateUrl).toBe(`/certificates/${encodeURIComponent('ИМЦ-2026-00042')}.pdf`);

    const response = await fetch(`${app.url}${link.data.material.certificateUrl}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const { totalPages, text } = await extractText(new Uint8Array(await response.arrayBuffer()), { mergePages: true });
    expect(totalPages).toBe(1);
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of [
      'СВИДЕТЕЛЬСТВО',
      'ИМЦ-2026-00042',
      'Орлова Ирина Петровна',
      'учитель информатики',
      'Проценты в задачах из жизни посёлка',
      '5 марта 2026',
      '/verify/ИМЦ-2026-00042',
    ]) {
      expect(flat, expected).toContain(expected);
    }
    // The centre's letterhead, each author's own position, the level it is recommended at, and the signature with a place for the stamp.
    for (const expected of [
      CENTRE.name,
      CENTRE.municipality,
      'Орлова Ирина Петровна учитель математики',
      'Белов Андрей Сергеевич учитель информатики',
      'Рекомендован к распространению на муниципальном уровне',
      CENTRE.headTitle,
      'подпись',
      CENTRE.headName,
      'М. П.',
    ]) {
      expect(flat, expected).toContain(expected);
    }
    expect(flat.indexOf(CENTRE.name)).toBeLessThan(flat.indexOf('СВИДЕТЕЛЬСТВО'));

    const verify = await fetch(`${app.url}/verify/${encodeURIComponent('ИМЦ-2026-00042')}`);
    const html = await verify.text();
    expect(verify.status).toBe(200);
    expect(html).toContain('Свидетельство действительно');
    expect(html).toContain('Белов Андрей Сергеевич');
    // The same letterhead, the level, and a link to the material itself.
    expect(html).toContain(`<strong>${CENTRE.name}</strong>`);
    expect(html).toContain('Северо-Енисейский район');
    expect(html).toContain('на муниципальном уровне');
    expect(html).toContain(`<a href="/materials/${encodeURIComponent(material.globalId)}">Открыть материал в базе знаний</a>`);
  });

  it('shows a withdrawn certificate as withdrawn and no longer issues it; an unknown number is not found', async () => {
    const material = await published('ИМЦ-2026-00077');
    const em = app.em();
    const archived = await em.findOneOrFail(Material, { id: material.id });
    archived.status = MaterialStatus.ARCHIVED;
    await em.flush();

    const verify = await fetch(`${app.url}/verify/${encodeURIComponent('ИМЦ-2026-00077')}`);
    expect(await verify.text()).toContain('Свидетельство отозвано');
    expect((await fetch(`${app.url}/certificates/${encodeURIComponent('ИМЦ-2026-00077')}.pdf`)).status).toBe(410);
    const unknown = await fetch(`${app.url}/verify/${encodeURIComponent('ИМЦ-2026-99999')}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('не выдавался');
    const injected = await fetch(`${app.url}/verify/${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(await injected.text()).not.toContain('<script>alert');
  });
});
