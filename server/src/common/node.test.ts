import { describe, expect, it } from 'vitest';
import { Collection } from '../modules/collections/collection.entity.ts';
import { MaterialFile, MediaFile } from '../modules/files/media-file.entity.ts';
import { MediaKind } from '../modules/files/file-types.ts';
import { MaterialKind, MaterialStatus } from '../modules/materials/material.enums.ts';
import { MethodAssociation } from '../modules/people/method-association.entity.ts';
import { buildLevel, buildMaterial, buildOrganization, buildPerson, buildSubject } from '../test/factories.ts';
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
    const collection = em.create(Collection, { title: 'Подборка узлов', published: true });
    const file = em.create(MediaFile, { fileName: 'план.pdf', kind: MediaKind.DOCUMENT, mimeType: 'application/pdf', size: 10, sha256: 'a'.repeat(64), storageKey: 'k' });
    em.create(MaterialFile, { material: materials[0]!, file, position: 0 });
    await em.flush();

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
    const file = em.create(MediaFile, { fileName: 'черновик.docx', kind: MediaKind.DOCUMENT, mimeType: 'application/msword', size: 1, sha256: 'b'.repeat(64), storageKey: 'k2' });
    em.create(MaterialFile, { material: draft, file, position: 0 });
    await em.flush();
    const missing = Buffer.from('Person:00000000-0000-4000-8000-000000000000').toString('base64url');
    const res = await app.gql(`query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }`, { a: missing, b: file.globalId });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ a: null, b: null });
  });
});
