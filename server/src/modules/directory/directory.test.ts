import { describe, expect, it } from 'vitest';
import { buildMaterial, buildOrganization, buildPerson, buildSubject, buildUser } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role, User } from '../accounts/user.entity.ts';
import { MethodAssociation } from '../people/method-association.entity.ts';

const app = useTestApp();
// Named, because the materials' histories name who merged.
const methodist = async () => (await signIn(app, Role.METHODIST, { name: 'Методист' })).token;

describe('directory of organizations and teachers', () => {
  it('creates and corrects organizations and teachers, naming bad fields', async () => {
    const token = await methodist();
    const subject = await buildSubject(app.em(), 'Справочник-физика');
    const org = await app.gql(`mutation { createOrganization(input: { name: "МБОУ «Новая школа»", municipality: "Северо-Енисейский район", type: SCHOOL }) { id name } }`, {}, token);
    expect(org.errors).toBeUndefined();
    const person = await app.gql(
      `mutation($o: ID!, $s: [ID!]) { createPerson(input: { fullName: "Зайцева Дарья Олеговна", position: "учитель физики", organizationId: $o, subjectIds: $s, experienceYears: 1 }) {
        fullName youngSpecialist organization { name } subjects { name } } }`,
      { o: org.data.createOrganization.id, s: [subject.globalId] },
      token,
    );
    expect(person.data.createPerson).toEqual({ fullName: 'Зайцева Дарья Олеговна', youngSpecialist: true, organization: { name: 'МБОУ «Новая школа»' }, subjects: [{ name: 'Справочник-физика' }] });
    const renamed = await app.gql(`mutation($id: ID!) { updateOrganization(id: $id, input: { shortName: "Новая школа" }) { name shortName } }`, { id: org.data.createOrganization.id }, token);
    expect(renamed.data.updateOrganization).toEqual({ name: 'МБОУ «Новая школа»', shortName: 'Новая школа' });
    const bad = await app.gql(`mutation { createOrganization(input: { name: "Ш", municipality: "Район" }) { id } }`, {}, token);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('input.name');
  });

  it('merges duplicate organizations: materials and people move, nothing is lost', async () => {
    const token = await methodist();
    const em = app.em();
    const target = await buildOrganization(em, { name: 'МБОУ «Тейская СШ № 3»' });
    const duplicate = await buildOrganization(em, { name: 'МБОУ Тейская средняя школа №3' });
    const teacher = await buildPerson(em, { organization: duplicate });
    const moved = await buildMaterial(em, { title: 'Материал дубликата', authors: [teacher] });
    await buildMaterial(em, { title: 'Материал основной', authors: [await buildPerson(em, { organization: target })] });
    const res = await app.gql(`mutation($t: ID!, $s: ID!) { mergeOrganizations(targetId: $t, sourceIds: [$s]) { materials { totalCount } people { totalCount } } }`, { t: target.globalId, s: duplicate.globalId }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.mergeOrganizations).toEqual({ materials: { totalCount: 2 }, people: { totalCount: 2 } });
    expect((await app.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: duplicate.globalId })).data.node).toBeNull();
    const history = await app.gql(`query($id: ID!) { material(id: $id) { revisions { action authorName changes } } }`, { id: moved.globalId }, token);
    expect(history.data.material.revisions).toEqual([
      { action: 'organizationsMerged', authorName: 'Методист', changes: { organizationId: [duplicate.id, target.id], merged: [null, ['МБОУ Тейская средняя школа №3']] } },
    ]);
    const self = await app.gql(`mutation($t: ID!) { mergeOrganizations(targetId: $t, sourceIds: [$t]) { id } }`, { t: target.globalId }, token);
    expect(self.errors?.[0]?.message).toContain('sourceIds');

    await app.indexer.drainAll();
    const found = await app.gql(`query($o: [ID!]) { search(query: "", filter: { organizationIds: $o }) { totalCount } }`, { o: [target.globalId] });
    expect(found.data.search.totalCount).toBe(2);
  });

  it('merges duplicate teachers: authorship in order, memberships, accounts and subjects move to the one kept', async () => {
    const token = await methodist();
    const em = app.em();
    const maths = await buildSubject(em, 'Слияние-математика');
    const physics = await buildSubject(em, 'Слияние-физика');
    const kept = await buildPerson(em, { fullName: 'Соколова Елена Викторовна' });
    const duplicate = await buildPerson(em, { fullName: 'Соколова Е. В.' });
    const colleague = await buildPerson(em, { fullName: 'Павлов Игорь' });
    kept.subjects.add(maths);
    duplicate.subjects.add(physics);
    const association = em.create(MethodAssociation, { name: 'РМО слияния', leader: duplicate });
    association.members.add(duplicate);
    const user = await buildUser(em, { name: 'Соколова', role: Role.AUTHOR, person: duplicate });
    const both = await buildMaterial(em, { title: 'Оба автора', authors: [duplicate, kept] });
    const second = await buildMaterial(em, { title: 'Коллега и дубликат', authors: [colleague, duplicate] });

    const res = await app.gql(`mutation($t: ID!, $s: ID!) { mergePeople(targetId: $t, sourceIds: [$s]) { subjects { name } materials { totalCount } } }`, { t: kept.globalId, s: duplicate.globalId }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.mergePeople.subjects.map((s: any) => s.name).sort()).toEqual(['Слияние-математика', 'Слияние-физика']);
    expect(res.data.mergePeople.materials.totalCount).toBe(2);
    const authors = await app.gql(`query($a: ID!, $b: ID!) { a: material(id: $a) { authors { fullName } } b: material(id: $b) { authors { fullName } } methodAssociations { name leader { fullName } members { fullName } } }`, { a: both.globalId, b: second.globalId });
    expect(authors.data.a.authors).toEqual([{ fullName: 'Соколова Елена Викторовна' }]);
    expect(authors.data.b.authors).toEqual([{ fullName: 'Павлов Игорь' }, { fullName: 'Соколова Елена Викторовна' }]);
    expect(authors.data.methodAssociations.find((m: any) => m.name === 'РМО слияния')).toEqual({ name: 'РМО слияния', leader: { fullName: 'Соколова Елена Викторовна' }, members: [{ fullName: 'Соколова Елена Викторовна' }] });
    const account = await app.em().findOneOrFail(User, { id: user.id });
    expect(account.person?.id).toBe(kept.id);
    // Each changed material has the merge in its history, by the methodist, with the authors before and after.
    const history = await app.gql(`query($id: ID!) { material(id: $id) { revisions { action authorName changes } } }`, { id: second.globalId }, token);
    expect(history.data.material.revisions).toEqual([
      { action: 'peopleMerged', authorName: 'Методист', changes: { authorIds: [[colleague.id, duplicate.id], [colleague.id, kept.id]], merged: [null, ['Соколова Е. В.']] } },
    ]);

    await app.indexer.drainAll();
    const found = await app.gql(`{ search(query: "Соколова Елена") { hits { material { title } } } }`);
    expect(found.data.search.hits.map((h: any) => h.material.title).sort()).toEqual(['Коллега и дубликат', 'Оба автора']);
  });
});
