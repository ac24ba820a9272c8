import { describe, expect, it } from 'vitest';
import { buildMaterial, buildOrganization, buildPerson, buildSubject, buildUser } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role, User } from '../accounts/user.entity.ts';
import { Material } from '../materials/material.entity.ts';
import { Organization } from '../organizations/organization.entity.ts';
import { MethodAssociation } from '../people/method-association.entity.ts';
import { Person } from '../people/person.entity.ts';

const app = useTestApp();
// Named, because the materials' histories name who merged.
const methodist = async () => (await signIn(app, Role.METHODIST, { name: 'Методист' })).token;

describe('directory of organizations and teachers', () => {
  it('creates and corrects organizations and teachers, naming bad fields', async () => {
    const token = await methodist();
    const subject = await buildSubject(app.em(), 'Справочник-физика');
    const org = await app.gql(
      `mutation { createOrganization(input: { name: "МБОУ «Новая школа»", municipality: "Северо-Енисейский район", type: SCHOOL }) { id name } }`,
      {},
      token,
    );
    expect(org.errors).toBeUndefined();
    const person = await app.gql(
      `mutation($o: ID!, $s: [ID!]) { createPerson(input: { fullName: "Зайцева Дарья Олеговна", position: "учитель физики", organizationId: $o, subjectIds: $s, experienceYears: 1 }) {
        fullName youngSpecialist organization { name } subjects { name } } }`,
      { o: org.data.createOrganization.id, s: [subject.globalId] },
      token,
    );
    expect(person.data.createPerson).toEqual({
      fullName: 'Зайцева Дарья Олеговна',
      youngSpecialist: true,
      organization: { name: 'МБОУ «Новая школа»' },
      subjects: [{ name: 'Справочник-физика' }],
    });
    const renamed = await app.gql(
      `mutation($id: ID!) { updateOrganization(id: $id, input: { shortName: "Новая школа" }) { name shortName } }`,
      { id: org.data.createOrganization.id },
      token,
    );
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
    const res = await app.gql(
      `mutation($t: ID!, $s: ID!) { mergeOrganizations(targetId: $t, sourceIds: [$s]) { materials { totalCount } people { totalCount } } }`,
      { t: target.globalId, s: duplicate.globalId },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.mergeOrganizations).toEqual({ materials: { totalCount: 2 }, people: { totalCount: 2 } });
    expect((await app.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: duplicate.globalId })).data.node).toBeNull();
    const history = await app.gql(
      `query($id: ID!) { material(id: $id) { revisions { action authorName changes } } }`,
      { id: moved.globalId },
      token,
    );
    expect(history.data.material.revisions).toEqual([
      {
        action: 'organizationsMerged',
        authorName: 'Методист',
        changes: { organizationId: [duplicate.id, target.id], merged: [null, ['МБОУ Тейская средняя школа №3']] },
      },
    ]);
    const self = await app.gql(
      `mutation($t: ID!) { mergeOrganizations(targetId: $t, sourceIds: [$t]) { id } }`,
      { t: target.globalId },
      token,
    );
    expect(self.errors?.[0]?.message).toContain('sourceIds');

    await app.indexer.drainAll();
    const found = await app.gql(`query($o: [ID!]) { search(query: "", filter: { organizationIds: $o }) { totalCount } }`, {
      o: [target.globalId],
    });
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

    const res = await app.gql(
      `mutation($t: ID!, $s: ID!) { mergePeople(targetId: $t, sourceIds: [$s]) { subjects { name } materials { totalCount } } }`,
      { t: kept.globalId, s: duplicate.globalId },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.mergePeople.subjects.map((s: any) => s.name).sort()).toEqual(['Слияние-математика', 'Слияние-физика']);
    expect(res.data.mergePeople.materials.totalCount).toBe(2);
    const authors = await app.gql(
      `query($a: ID!, $b: ID!) { a: material(id: $a) { authors { fullName } } b: material(id: $b) { authors { fullName } } methodAssociations { name leader { fullName } members { fullName } } }`,
      { a: both.globalId, b: second.globalId },
    );
    expect(authors.errors).toBeUndefined();
    expect(authors.data.a.authors).toEqual([{ fullName: 'Соколова Елена Викторовна' }]);
    expect(authors.data.b.authors).toEqual([{ fullName: 'Павлов Игорь' }, { fullName: 'Соколова Елена Викторовна' }]);
    expect(authors.data.methodAssociations.find((m: any) => m.name === 'РМО слияния')).toEqual({
      name: 'РМО слияния',
      leader: { fullName: 'Соколова Елена Викторовна' },
      members: [{ fullName: 'Соколова Елена Викторовна' }],
    });
    const account = await app.em().findOneOrFail(User, { id: user.id });
    expect(account.person?.id).toBe(kept.id);
    // Each changed material has the merge in its history, by the methodist, with the authors before and after.
    const history = await app.gql(
      `query($id: ID!) { material(id: $id) { revisions { action authorName changes } } }`,
      { id: second.globalId },
      token,
    );
    expect(history.data.material.revisions).toEqual([
      {
        action: 'peopleMerged',
        authorName: 'Методист',
        changes: {
          authorIds: [
            [colleague.id, duplicate.id],
            [colleague.id, kept.id],
          ],
          merged: [null, ['Соколова Е. В.']],
        },
      },
    ]);

    await app.indexer.drainAll();
    const found = await app.gql(`{ search(query: "Соколова Елена") { hits { material { title } } } }`);
    expect(found.data.search.hits.map((h: any) => h.material.title).sort()).toEqual(['Коллега и дубликат', 'Оба автора']);
  });

  it('refuses directory writes to readers, authors, experts and strangers, changing nothing', async () => {
    const em = app.em();
    const kept = await buildOrganization(em, { name: 'Отказ: основная школа' });
    const duplicate = await buildOrganization(em, { name: 'Отказ: дубликат школы' });
    const person = await buildPerson(em, { fullName: 'Отказов Пётр', organization: duplicate });
    const twin = await buildPerson(em, { fullName: 'Отказов П.', organization: duplicate });
    const material = await buildMaterial(em, { title: 'Отказ: материал', authors: [twin] });
    const attempts: Array<[string, Record<string, unknown>]> = [
      [`mutation { createOrganization(input: { name: "Самовольная школа", municipality: "Район" }) { id } }`, {}],
      [`mutation($id: ID!) { updateOrganization(id: $id, input: { name: "Переименована" }) { id } }`, { id: kept.globalId }],
      [
        `mutation($t: ID!, $s: ID!) { mergeOrganizations(targetId: $t, sourceIds: [$s]) { id } }`,
        { t: kept.globalId, s: duplicate.globalId },
      ],
      [`mutation($id: ID!) { updatePerson(id: $id, input: { fullName: "Переименован" }) { id } }`, { id: person.globalId }],
      [`mutation($t: ID!, $s: ID!) { mergePeople(targetId: $t, sourceIds: [$s]) { id } }`, { t: person.globalId, s: twin.globalId }],
    ];
    for (const role of [Role.READER, Role.AUTHOR, Role.EXPERT]) {
      const { token } = await signIn(app, role);
      for (const [query, variables] of attempts)
        expect((await app.gql(query, variables, token)).errors?.[0]?.extensions?.code, `${role} ${query}`).toBe('FORBIDDEN');
    }
    for (const [query, variables] of attempts)
      expect((await app.gql(query, variables)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await expectUnchanged({ kept, duplicate, person, twin, material });
  });

  it('names the argument of a bad, missing or foreign id and of a blank name, changing nothing', async () => {
    const token = await methodist();
    const em = app.em();
    const kept = await buildOrganization(em, { name: 'Ошибки: основная школа' });
    const duplicate = await buildOrganization(em, { name: 'Ошибки: дубликат школы' });
    const person = await buildPerson(em, { fullName: 'Ошибкин Пётр', organization: duplicate });
    const twin = await buildPerson(em, { fullName: 'Ошибкин П.', organization: duplicate });
    const material = await buildMaterial(em, { title: 'Ошибки: материал', authors: [twin] });
    const missingOrganization = Buffer.from('Organization:00000000-0000-4000-8000-000000000000').toString('base64url');
    const refusals: Array<[string, Record<string, unknown>, string, string]> = [
      // An id of another type: a teacher where an organization is expected, and the other way round.
      [
        `mutation($t: ID!, $s: ID!) { mergeOrganizations(targetId: $t, sourceIds: [$s]) { id } }`,
        { t: person.globalId, s: duplicate.globalId },
        'BAD_USER_INPUT',
        'targetId',
      ],
      [
        `mutation($t: ID!, $s: ID!) { mergePeople(targetId: $t, sourceIds: [$s]) { id } }`,
        { t: person.globalId, s: duplicate.globalId },
        'BAD_USER_INPUT',
        'sourceIds[0]',
      ],
      [
        `mutation($id: ID!) { updateOrganization(id: $id, input: { shortName: "Школа" }) { id } }`,
        { id: material.globalId },
        'BAD_USER_INPUT',
        'id',
      ],
      [`mutation($id: ID!) { updatePerson(id: $id, input: { position: "учитель" }) { id } }`, { id: 'не-id' }, 'BAD_USER_INPUT', 'id'],
      // One missing duplicate among real ones: the real ones stay where they are.
      [
        `mutation($t: ID!, $s: [ID!]!) { mergeOrganizations(targetId: $t, sourceIds: $s) { id } }`,
        { t: kept.globalId, s: [duplicate.globalId, missingOrganization] },
        'NOT_FOUND',
        missingOrganization,
      ],
      [
        `mutation($t: ID!, $s: [ID!]!) { mergeOrganizations(targetId: $t, sourceIds: $s) { id } }`,
        { t: kept.globalId, s: [] },
        'BAD_USER_INPUT',
        'sourceIds',
      ],
      [`mutation($t: ID!) { mergePeople(targetId: $t, sourceIds: [$t]) { id } }`, { t: person.globalId }, 'BAD_USER_INPUT', 'sourceIds'],
      [
        `mutation($id: ID!, $o: ID!) { updatePerson(id: $id, input: { position: "завуч", organizationId: $o }) { id } }`,
        { id: person.globalId, o: missingOrganization },
        'NOT_FOUND',
        missingOrganization,
      ],
      // Names that are blank once trimmed.
      [
        `mutation($id: ID!) { updateOrganization(id: $id, input: { name: "     " }) { id } }`,
        { id: kept.globalId },
        'BAD_USER_INPUT',
        'input.name',
      ],
      [
        `mutation($id: ID!) { updateOrganization(id: $id, input: { municipality: "   " }) { id } }`,
        { id: kept.globalId },
        'BAD_USER_INPUT',
        'input.municipality',
      ],
      [
        `mutation($id: ID!) { updatePerson(id: $id, input: { fullName: "     " }) { id } }`,
        { id: person.globalId },
        'BAD_USER_INPUT',
        'input.fullName',
      ],
      [`mutation { createOrganization(input: { name: "     ", municipality: "Район" }) { id } }`, {}, 'BAD_USER_INPUT', 'input.name'],
    ];
    for (const [query, variables, code, argument] of refusals) {
      const error = (await app.gql(query, variables, token)).errors?.[0];
      expect(error?.extensions?.code, query).toBe(code);
      expect(error?.message, query).toContain(argument);
    }
    await expectUnchanged({ kept, duplicate, person, twin, material });
    expect(await app.em().count(Organization, { name: '' })).toBe(0);
  });
});

/** The directory as the tests above built it: names, places and authorship as they were. */
async function expectUnchanged({
  kept,
  duplicate,
  person,
  twin,
  material,
}: {
  kept: Organization;
  duplicate: Organization;
  person: Person;
  twin: Person;
  material: Material;
}) {
  const em = app.em();
  const organizations = await em.find(Organization, { id: { $in: [kept.id, duplicate.id] } });
  expect(organizations.map((o) => [o.name, o.municipality, o.shortName ?? null]).sort()).toEqual(
    [
      [duplicate.name, duplicate.municipality, null],
      [kept.name, kept.municipality, null],
    ].sort(),
  );
  const people = await em.find(Person, { id: { $in: [person.id, twin.id] } });
  expect(people.map((p) => [p.fullName, p.position ?? null, p.organization?.id]).sort()).toEqual(
    [
      [person.fullName, person.position ?? null, duplicate.id],
      [twin.fullName, twin.position ?? null, duplicate.id],
    ].sort(),
  );
  const after = await em.findOneOrFail(Material, { id: material.id }, { populate: ['authorships'] });
  expect(after.authorships.getItems().map((a) => a.person.id)).toEqual([twin.id]);
}
