import { describe, expect, it } from 'vitest';
import { buildLevel, buildMaterial, buildPerson, buildSubject } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role, User } from '../accounts/user.entity.ts';
import { Material } from '../materials/material.entity.ts';
import { MethodAssociation } from '../people/method-association.entity.ts';
import { Person } from '../people/person.entity.ts';
import { Review, ReviewCriterion, ReviewDecision } from '../reviews/review.entity.ts';
import { EducationLevel, Subject } from './dictionary.entity.ts';

const app = useTestApp();

async function as(role: Role) {
  const { token } = await signIn(app, role);
  return async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await app.gql(query, variables, token);
    expect(res.errors, query).toBeUndefined();
    return res.data;
  };
}

describe('subjects', () => {
  it('adds a subject with its levels, renames it, and refuses a name already there in another spelling', async () => {
    const methodist = await as(Role.METHODIST);
    const basic = await buildLevel(app.em(), 'Сл-ООО');
    const created = (
      await methodist(`mutation($input: SubjectInput!) { createSubject(input: $input) { id name retired levels { code } } }`, {
        input: { name: 'Психология', levelIds: [basic.globalId] },
      })
    ).createSubject;
    expect(created).toMatchObject({ name: 'Психология', retired: false, levels: [{ code: 'Сл-ООО' }] });
    const { token } = await signIn(app, Role.METHODIST);
    const same = await app.gql(`mutation { createSubject(input: { name: " ПСИХОЛОГИЯ " }) { id } }`, {}, token);
    expect(same.errors![0]).toMatchObject({
      message: 'Аргумент input.name: «Психология» уже есть',
      extensions: { argument: 'input.name' },
    });
    const renamed = (
      await methodist(
        `mutation($id: ID!) { updateSubject(id: $id, input: { name: "Педагогическая психология", levelIds: [] }) { name levels { code } } }`,
        { id: created.id },
      )
    ).updateSubject;
    expect(renamed).toEqual({ name: 'Педагогическая психология', levels: [] });
  });

  it('merges duplicates: materials, teachers and method associations move to the subject that stays, nothing else is lost', async () => {
    const em = app.em();
    const right = await buildSubject(em, 'Русский язык (слияние)');
    const typo = await buildSubject(em, 'Руский язык (слияние)');
    const other = await buildSubject(em, 'Литература (слияние)');
    const both = await buildMaterial(em, { title: 'Слияние: оба', subjects: [right, typo] });
    const onlyTypo = await buildMaterial(em, { title: 'Слияние: с опечаткой', subjects: [typo, other] });
    const teacher = await buildPerson(em, { fullName: 'Слиянова Ольга Петровна' });
    teacher.subjects.set([typo]);
    const association = em.create(MethodAssociation, { name: 'РМО слияния', subject: typo });
    await em.flush();

    const methodist = await as(Role.METHODIST);
    const merged = (
      await methodist(`mutation($t: ID!, $s: [ID!]!) { mergeSubjects(targetId: $t, sourceIds: $s) { name } }`, {
        t: right.globalId,
        s: [typo.globalId],
      })
    ).mergeSubjects;
    expect(merged.name).toBe('Русский язык (слияние)');
    const fresh = app.em();
    const subjectsOf = async (id: string) =>
      (await fresh.findOneOrFail(Material, { id }, { populate: ['subjects'] })).subjects
        .getItems()
        .map((s) => s.name)
        .sort();
    expect(await subjectsOf(both.id)).toEqual(['Русский язык (слияние)']);
    expect(await subjectsOf(onlyTypo.id)).toEqual(['Литература (слияние)', 'Русский язык (слияние)']);
    expect(
      (await fresh.findOneOrFail(Person, { id: teacher.id }, { populate: ['subjects'] })).subjects.getItems().map((s) => s.name),
    ).toEqual(['Русский язык (слияние)']);
    expect((await fresh.findOneOrFail(MethodAssociation, { id: association.id })).subject?.id).toBe(right.id);
    expect(await fresh.count(Subject, { id: typo.id })).toBe(0);
    const log = await (await as(Role.ADMIN))(`{ auditEvents(first: 1, filter: { types: ["dictionary.merged"] }) { nodes { details } } }`);
    expect(JSON.parse(log.auditEvents.nodes[0].details)).toEqual({
      kind: 'subject',
      into: 'Русский язык (слияние)',
      merged: ['Руский язык (слияние)'],
    });
  });

  it('retires a subject: it stays on its materials and is no longer offered, until brought back', async () => {
    const em = app.em();
    const subject = await buildSubject(em, 'Черчение (вывод)');
    const material = await buildMaterial(em, { title: 'Вывод: чертёж детали', subjects: [subject] });
    const methodist = await as(Role.METHODIST);
    expect(
      (await methodist(`mutation($id: ID!) { retireSubject(id: $id) { retired } }`, { id: subject.globalId })).retireSubject.retired,
    ).toBe(true);
    const offered = await methodist(`{ subjects { name } all: subjects(includeRetired: true) { name retired materialCount } }`);
    expect(offered.subjects.map((s: { name: string }) => s.name)).not.toContain('Черчение (вывод)');
    expect(offered.all).toContainEqual({ name: 'Черчение (вывод)', retired: true, materialCount: 1 });
    const shown = await app.gql(`query($id: ID!) { material(id: $id) { subjects { name } } }`, { id: material.globalId });
    expect(shown.data.material.subjects).toEqual([{ name: 'Черчение (вывод)' }]);
    await methodist(`mutation($id: ID!) { restoreSubject(id: $id) { retired } }`, { id: subject.globalId });
    expect((await methodist(`{ subjects { name } }`)).subjects.map((s: { name: string }) => s.name)).toContain('Черчение (вывод)');
  });
});

describe('education levels and method associations', () => {
  it('adds, renames and merges levels; materials and subjects move to the level that stays', async () => {
    const methodist = await as(Role.METHODIST);
    const created = (
      await methodist(
        `mutation { createEducationLevel(input: { code: "СПО-т", name: "Среднее профессиональное (тест)" }) { id code name } }`,
      )
    ).createEducationLevel;
    expect(created).toMatchObject({ code: 'СПО-т', name: 'Среднее профессиональное (тест)' });
    const em = app.em();
    const duplicate = await buildLevel(em, 'СПО-дубль');
    const subject = await buildSubject(em, 'Уровни: предмет');
    subject.levels.set([duplicate]);
    const material = await buildMaterial(em, { title: 'Уровни: материал', levels: [duplicate] });
    await em.flush();
    await methodist(`mutation($t: ID!, $s: [ID!]!) { mergeEducationLevels(targetId: $t, sourceIds: $s) { id } }`, {
      t: created.id,
      s: [duplicate.globalId],
    });
    const fresh = app.em();
    expect(
      (await fresh.findOneOrFail(Material, { id: material.id }, { populate: ['levels'] })).levels.getItems().map((l) => l.code),
    ).toEqual(['СПО-т']);
    expect((await fresh.findOneOrFail(Subject, { id: subject.id }, { populate: ['levels'] })).levels.getItems().map((l) => l.code)).toEqual(
      ['СПО-т'],
    );
    expect(await fresh.count(EducationLevel, { id: duplicate.id })).toBe(0);
    const renamed = (
      await methodist(
        `mutation($id: ID!) { updateEducationLevel(id: $id, input: { name: "Среднее профессиональное образование (тест)" }) { name } }`,
        { id: created.id },
      )
    ).updateEducationLevel;
    expect(renamed.name).toBe('Среднее профессиональное образование (тест)');
  });

  it('adds a method association, merges its duplicate with the members, retires it', async () => {
    const methodist = await as(Role.METHODIST);
    const em = app.em();
    const subject = await buildSubject(em, 'МО: история');
    const [a, b] = [
      await buildPerson(em, { fullName: 'Участникова Анна Ивановна' }),
      await buildPerson(em, { fullName: 'Членов Борис Петрович' }),
    ];
    const duplicate = em.create(MethodAssociation, { name: 'РМО историков (дубль)', leader: b });
    duplicate.members.set([a, b]);
    await em.flush();
    const created = (
      await methodist(`mutation($input: MethodAssociationInput!) { createMethodAssociation(input: $input) { id name subject { name } } }`, {
        input: { name: 'РМО учителей истории', subjectId: subject.globalId },
      })
    ).createMethodAssociation;
    expect(created).toMatchObject({ name: 'РМО учителей истории', subject: { name: 'МО: история' } });
    const merged = (
      await methodist(
        `mutation($t: ID!, $s: [ID!]!) { mergeMethodAssociations(targetId: $t, sourceIds: $s) { leader { fullName } members { fullName } } }`,
        { t: created.id, s: [duplicate.globalId] },
      )
    ).mergeMethodAssociations;
    expect(merged).toEqual({
      leader: { fullName: 'Членов Борис Петрович' },
      members: [{ fullName: 'Участникова Анна Ивановна' }, { fullName: 'Членов Борис Петрович' }],
    });
    await methodist(`mutation($id: ID!) { retireMethodAssociation(id: $id) { retired } }`, { id: created.id });
    const lists = await methodist(`{ methodAssociations { name } all: methodAssociations(includeRetired: true) { name retired } }`);
    expect(lists.methodAssociations.map((m: { name: string }) => m.name)).not.toContain('РМО учителей истории');
    expect(lists.all).toContainEqual({ name: 'РМО учителей истории', retired: true });
  });
});

describe('review criteria', () => {
  it('adds a criterion with a rubric; its scale stays once an expert has scored by it; retired, it is no longer asked for', async () => {
    const methodist = await as(Role.METHODIST);
    const created = (
      await methodist(
        `mutation($input: ReviewCriterionInput!) { createReviewCriterion(input: $input) { id code name maxScore rubric retired } }`,
        {
          input: {
            code: 'digital_tools',
            name: 'Использование цифровых инструментов',
            maxScore: 3,
            rubric: '0 — не используются\n1 — эпизодически\n2 — систематически\n3 — как основа методики',
          },
        },
      )
    ).createReviewCriterion;
    expect(created).toMatchObject({ code: 'digital_tools', maxScore: 3, retired: false });
    expect(created.rubric.split('\n')).toHaveLength(4);
    expect((await methodist(`{ reviewCriteria { code } }`)).reviewCriteria.map((c: { code: string }) => c.code)).toContain('digital_tools');

    // An expert scored by it: the meaning of its scores is fixed now.
    const em = app.em();
    const material = await buildMaterial(em, { title: 'Критерии: оценённый материал' });
    const expert = await signIn(app, Role.EXPERT);
    em.create(Review, {
      material,
      reviewer: await em.findOneOrFail(User, { email: expert.email }),
      scores: { digital_tools: 2 },
      decision: ReviewDecision.RECOMMEND,
    });
    await em.flush();
    const { token } = await signIn(app, Role.METHODIST);
    const rescale = await app.gql(
      `mutation($id: ID!) { updateReviewCriterion(id: $id, input: { maxScore: 5 }) { maxScore } }`,
      { id: created.id },
      token,
    );
    expect(rescale.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'input.maxScore' } });
    expect(rescale.errors![0]!.message).toContain('по критерию уже оценено заключений: 1');
    const renamed = (
      await methodist(
        `mutation($id: ID!) { updateReviewCriterion(id: $id, input: { name: "Цифровые инструменты", rubric: "0 — нет\\n1 — мало\\n2 — часто\\n3 — основа" }) { name rubric } }`,
        { id: created.id },
      )
    ).updateReviewCriterion;
    expect(renamed.name).toBe('Цифровые инструменты');
    const badCode = await app.gql(
      `mutation { createReviewCriterion(input: { code: "Цифра", name: "Цифра", maxScore: 3 }) { id } }`,
      {},
      token,
    );
    expect(badCode.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.code' } });

    await methodist(`mutation($id: ID!) { retireReviewCriterion(id: $id) { retired } }`, { id: created.id });
    expect((await methodist(`{ reviewCriteria { code } }`)).reviewCriteria.map((c: { code: string }) => c.code)).not.toContain(
      'digital_tools',
    );
    expect(await app.em().count(ReviewCriterion, { code: 'digital_tools' })).toBe(1);
  });
});

describe('who may keep the dictionaries', () => {
  it('refuses every dictionary mutation to readers, authors, experts and strangers, changing nothing', async () => {
    const em = app.em();
    const subject = await buildSubject(em, 'Права: предмет');
    const duplicate = await buildSubject(em, 'Права: дубль');
    const level = await buildLevel(em, 'Права-ур');
    const association = em.create(MethodAssociation, { name: 'РМО прав' });
    const criterion = await em.findOneOrFail(ReviewCriterion, { code: 'relevance' });
    await em.flush();
    const attempts: Array<[string, Record<string, unknown>]> = [
      [`mutation { createSubject(input: { name: "Самовольный предмет" }) { id } }`, {}],
      [`mutation($id: ID!) { updateSubject(id: $id, input: { name: "Переименован" }) { id } }`, { id: subject.globalId }],
      [
        `mutation($t: ID!, $s: [ID!]!) { mergeSubjects(targetId: $t, sourceIds: $s) { id } }`,
        { t: subject.globalId, s: [duplicate.globalId] },
      ],
      [`mutation($id: ID!) { retireSubject(id: $id) { id } }`, { id: subject.globalId }],
      [`mutation($id: ID!) { restoreSubject(id: $id) { id } }`, { id: subject.globalId }],
      [`mutation { createEducationLevel(input: { code: "Х", name: "Самовольный уровень" }) { id } }`, {}],
      [`mutation($id: ID!) { updateEducationLevel(id: $id, input: { name: "Переименован" }) { id } }`, { id: level.globalId }],
      [
        `mutation($t: ID!, $s: [ID!]!) { mergeEducationLevels(targetId: $t, sourceIds: $s) { id } }`,
        { t: level.globalId, s: [level.globalId] },
      ],
      [`mutation($id: ID!) { retireEducationLevel(id: $id) { id } }`, { id: level.globalId }],
      [`mutation($id: ID!) { restoreEducationLevel(id: $id) { id } }`, { id: level.globalId }],
      [`mutation { createMethodAssociation(input: { name: "Самовольное РМО" }) { id } }`, {}],
      [`mutation($id: ID!) { updateMethodAssociation(id: $id, input: { name: "Переименовано" }) { id } }`, { id: association.globalId }],
      [
        `mutation($t: ID!, $s: [ID!]!) { mergeMethodAssociations(targetId: $t, sourceIds: $s) { id } }`,
        { t: association.globalId, s: [association.globalId] },
      ],
      [`mutation($id: ID!) { retireMethodAssociation(id: $id) { id } }`, { id: association.globalId }],
      [`mutation($id: ID!) { restoreMethodAssociation(id: $id) { id } }`, { id: association.globalId }],
      [`mutation { createReviewCriterion(input: { code: "selfmade", name: "Самовольный критерий", maxScore: 5 }) { id } }`, {}],
      [`mutation($id: ID!) { updateReviewCriterion(id: $id, input: { name: "Переименован" }) { id } }`, { id: criterion.globalId }],
      [`mutation($id: ID!) { retireReviewCriterion(id: $id) { id } }`, { id: criterion.globalId }],
      [`mutation($id: ID!) { restoreReviewCriterion(id: $id) { id } }`, { id: criterion.globalId }],
    ];
    for (const role of [Role.READER, Role.AUTHOR, Role.EXPERT]) {
      const { token } = await signIn(app, role);
      for (const [query, variables] of attempts)
        expect((await app.gql(query, variables, token)).errors?.[0]?.extensions?.code, `${role} ${query}`).toBe('FORBIDDEN');
    }
    for (const [query, variables] of attempts)
      expect((await app.gql(query, variables)).errors?.[0]?.extensions?.code, query).toBe('UNAUTHENTICATED');
    const fresh = app.em();
    expect((await fresh.findOneOrFail(Subject, { id: subject.id })).name).toBe('Права: предмет');
    expect(await fresh.count(Subject, { id: duplicate.id })).toBe(1);
    expect((await fresh.findOneOrFail(ReviewCriterion, { id: criterion.id })).retired).toBe(false);
    expect(await fresh.count(Subject, { name: 'Самовольный предмет' })).toBe(0);
  });
});
