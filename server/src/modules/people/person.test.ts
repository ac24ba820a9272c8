import { describe, expect, it } from 'vitest';
import { buildMaterial, buildOrganization, buildPerson, buildSubject } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { MaterialStatus } from '../materials/material.enums.ts';
import { OrganizationType } from '../organizations/organization.entity.ts';
import { QualificationCategory } from './person.entity.ts';

const app = useTestApp();

describe('people and organizations', () => {
  it('shows an author portfolio: position, organization, subjects, category and published materials', async () => {
    const em = app.em();
    const school = await buildOrganization(em, { name: 'МБОУ «Портфолио»', municipality: 'Портфельный район' });
    const maths = await buildSubject(em, 'Портфолио-математика');
    const person = await buildPerson(em, {
      fullName: 'Орлова Ирина Петровна',
      position: 'учитель математики',
      organization: school,
      qualificationCategory: QualificationCategory.HIGHEST,
      experienceYears: 2,
    });
    person.subjects.add(maths);
    await em.flush();
    await buildMaterial(em, { title: 'Портфолио: практика', authors: [person] });
    await buildMaterial(em, { title: 'Портфолио: черновик', authors: [person], status: MaterialStatus.DRAFT });

    const res = await app.gql(
      `query($id: ID!) { person(id: $id) { fullName position qualificationCategory experienceYears youngSpecialist
        organization { name municipality } subjects { name } materials { totalCount nodes { title } } } }`,
      { id: person.globalId },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.person).toEqual({
      fullName: 'Орлова Ирина Петровна',
      position: 'учитель математики',
      qualificationCategory: 'HIGHEST',
      experienceYears: 2,
      youngSpecialist: true,
      organization: { name: 'МБОУ «Портфолио»', municipality: 'Портфельный район' },
      subjects: [{ name: 'Портфолио-математика' }],
      materials: { totalCount: 1, nodes: [{ title: 'Портфолио: практика' }] },
    });
  });

  it('filters people by organization, subject and part of the name, alphabetically', async () => {
    const em = app.em();
    const school = await buildOrganization(em, { name: 'Школа поиска людей' });
    const history = await buildSubject(em, 'Люди-история');
    for (const fullName of ['Сидорова Анна', 'Абрамов Пётр', 'Морозова Вера']) {
      const person = await buildPerson(em, { fullName, organization: school });
      if (fullName !== 'Морозова Вера') person.subjects.add(history);
    }
    await buildPerson(em, { fullName: 'Чужой Сотрудник' });
    await em.flush();
    const names = async (filter: Record<string, unknown>) =>
      (await app.gql(`query($f: PersonFilter) { people(filter: $f) { nodes { fullName } } }`, { f: filter })).data.people.nodes.map(
        (n: any) => n.fullName,
      );
    expect(await names({ organizationId: school.globalId })).toEqual(['Абрамов Пётр', 'Морозова Вера', 'Сидорова Анна']);
    expect(await names({ organizationId: school.globalId, subjectId: history.globalId })).toEqual(['Абрамов Пётр', 'Сидорова Анна']);
    expect(await names({ query: 'мороз' })).toEqual(['Морозова Вера']);
    expect(await names({ query: '%' })).toEqual([]);
  });

  it('shows an organization with its people and materials, and filters organizations', async () => {
    const em = app.em();
    const kindergarten = await buildOrganization(em, {
      name: 'МБДОУ «Орг-тест Берёзка»',
      municipality: 'Орг-район',
      type: OrganizationType.KINDERGARTEN,
    });
    await buildOrganization(em, { name: 'МБОУ «Орг-тест школа»', municipality: 'Орг-район' });
    await buildOrganization(em, { name: 'Орг-тест чужой', municipality: 'Чужой район' });
    const educator = await buildPerson(em, { fullName: 'Воспитатель Орг', organization: kindergarten });
    await buildMaterial(em, { title: 'Сенсорные игры', authors: [educator] });

    const res = await app.gql(
      `query($id: ID!) { organization(id: $id) { name type people { nodes { fullName } } materials { nodes { title } } } }`,
      { id: kindergarten.globalId },
    );
    expect(res.data.organization).toEqual({
      name: 'МБДОУ «Орг-тест Берёзка»',
      type: 'KINDERGARTEN',
      people: { nodes: [{ fullName: 'Воспитатель Орг' }] },
      materials: { nodes: [{ title: 'Сенсорные игры' }] },
    });
    const list = await app.gql(`{ organizations(filter: { municipality: "Орг-район" }) { totalCount nodes { name } } }`);
    expect(list.data.organizations.nodes.map((n: any) => n.name)).toEqual(['МБДОУ «Орг-тест Берёзка»', 'МБОУ «Орг-тест школа»']);
    const kindergartens = await app.gql(`{ organizations(filter: { types: [KINDERGARTEN], query: "орг-тест" }) { nodes { name } } }`);
    expect(kindergartens.data.organizations.nodes).toEqual([{ name: 'МБДОУ «Орг-тест Берёзка»' }]);
  });

  it('lists subjects and education levels in the centre order', async () => {
    const em = app.em();
    await buildSubject(em, 'Я-последний', 99);
    await buildSubject(em, 'А-первый', -1);
    const res = await app.gql('{ subjects { name } educationLevels { code } }');
    const names = res.data.subjects.map((s: any) => s.name);
    expect(names[0]).toBe('А-первый');
    expect(names.at(-1)).toBe('Я-последний');
  });
});
