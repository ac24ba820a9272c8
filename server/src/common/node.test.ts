import { describe, expect, it } from 'vitest';
import { MaterialKind, MaterialStatus } from '../modules/materials/material.enums.ts';
import { MethodAssociation } from '../modules/people/method-association.entity.ts';
import { buildCollection, buildFile, buildLevel, buildMaterial, buildOrganization, buildPerson, buildSubject } from '../test/factories.ts';
import { useTestApp } from '../test/harness.ts';

const app = useTestApp();

describe('node(id)', () => {
  it('fetches an object of every type by its global id', async () => {
    const em = app.em();
    const subject = await buildSubject(em, 'Узлы');
    const level = await buildLevel(em, 'У-ООО');
    const organization = await buildOrganization(em);
    const person = await buildPerson(em, { organization });
    const association = em.create(MethodAssociation, { name: 'РМО узлов', subject, leader: person });
    const materials = [];
    for (const kind of Object.values(MaterialKind)) materials.push(await buildMaterial(em, { kind, authors: [person] }));
    await em.flush();
    const collection = await buildCollection(em, { title: 'Подборка узлов' });
    const file = await buildFile(em, { fileName: 'план.pdf', material: materials[0]! });

    const expected: Array<[string, string]> = [
      [subject.globalId, 'Subject'],
      [level.globalId, 'EducationLevel'],
      [organization.globalId, 'Organization'],
      [person.globalId, 'Person'],
      [association.globalId, 'MethodAssociation'],
      [collection.globalId, 'Collection'],
      [file.globalId, 'MediaFile'],
      ...materials.map((m): [string, string] => [m.globalId, m.constructor.name]),
    ];
    expect(new Set(expected.map(([, type]) => type)).size).toBe(11);
    for (const [id, type] of expected) {
      const res = await app.gql(`query($id: ID!) { node(id: $id) { __typename id } }`, { id });
      expect(res.errors, type).toBeUndefined();
      expect(res.data.node).toEqual({ __typename: type, id });
    }
  });

  it('answers null for an unknown object and for a file only drafts carry', async () => {
    const em = app.em();
    const draft = await buildMaterial(em, { status: MaterialStatus.DRAFT });
    const file = await buildFile(em, { fileName: 'черновик.docx', mimeType: 'application/msword', material: draft });
    const missing = Buffer.from('Person:00000000-0000-4000-8000-000000000000').toString('base64url');
    const res = await app.gql(`query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }`, {
      a: missing,
      b: file.globalId,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ a: null, b: null });
  });
});
