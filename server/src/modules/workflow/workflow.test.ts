import { describe, expect, it } from 'vitest';
import { buildLevel, buildPerson, buildSubject } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn as signInAs, TEST_PASSWORD as PASSWORD } from '../../test/sign-in.ts';
import { Role } from '../accounts/user.entity.ts';

const app = useTestApp();
let counter = 0;
const signIn = (role: Role, extra: { personId?: string } = {}) => signInAs(app, role, extra);

const MATERIAL = `id status version registrationNumber publishedAt title ... on BestPractice { expertLevel problem }`;

async function draft(token: string, title = 'Практика наставничества в сельской школе') {
  const em = app.em();
  const subject = await buildSubject(em, 'Процесс');
  const level = await buildLevel(em, 'П-ООО');
  const author = await buildPerson(em, { fullName: `Автор процесса ${++counter}` });
  const res = await app.gql(
    `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { ${MATERIAL} } }`,
    {
      input: {
        kind: 'BEST_PRACTICE',
        title,
        summary: 'Кратко',
        problem: 'Молодые педагоги уходят',
        goal: 'Удержать молодых педагогов в школе',
        results: 'Все пятеро остались после первого года',
        grades: [5, 6],
        subjectIds: [subject.globalId],
        levelIds: [level.globalId],
        authorIds: [author.globalId],
      },
    },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data.createMaterial as { id: string; version: number; status: string };
}

const mutate = async (query: string, variables: Record<string, unknown>, token?: string) =>
  app.gql(
    `mutation(${Object.keys(variables)
      .map((k) => `$${k}: ${TYPES[k]}`)
      .join(', ')}) { ${query} }`,
    variables,
    token,
  );
const TYPES: Record<string, string> = {
  id: 'ID!',
  reviewerId: 'ID!',
  review: 'ReviewInput!',
  level: 'ExpertLevel',
  comment: 'String!',
  version: 'Int!',
  input: 'UpdateMaterialInput!',
  revisionId: 'ID!',
};
const REVIEW = {
  scores: ['relevance', 'novelty', 'practical_value', 'reproducibility', 'presentation'].map((code) => ({ code, score: 4 })),
  decision: 'RECOMMEND',
  comment: 'Рекомендую',
};

describe('publishing workflow', () => {
  it('takes a practice from author to expert to methodist to every reader and search', async () => {
    const author = await signIn(Role.AUTHOR);
    const expert = await signIn(Role.EXPERT);
    const methodist = await signIn(Role.METHODIST);
    const material = await draft(author.token, 'Наставничество молодых педагогов: сельский опыт');
    expect(material.status).toBe('DRAFT');
    expect((await app.gql(`query($id: ID!) { material(id: $id) { id } }`, { id: material.id })).data.material).toBeNull();

    const steps: Array<[string, Record<string, unknown>, string]> = [
      ['submitMaterialForReview(id: $id) { status }', { id: material.id }, author.token],
      ['assignReviewer(id: $id, reviewerId: $reviewerId) { status }', { id: material.id, reviewerId: expert.id }, methodist.token],
      ['submitReview(id: $id, review: $review) { decision scores { code score } }', { id: material.id, review: REVIEW }, expert.token],
      ['publishMaterial(id: $id, level: $level) { status }', { id: material.id, level: 'MUNICIPAL' }, methodist.token],
    ];
    for (const [query, variables, token] of steps) {
      const res = await mutate(query, variables, token);
      expect(res.errors, query).toBeUndefined();
    }

    const seen = await app.gql(`query($id: ID!) { material(id: $id) { ${MATERIAL} } }`, { id: material.id });
    const year = new Date().getUTCFullYear();
    expect(seen.data.material).toMatchObject({
      status: 'PUBLISHED',
      expertLevel: 'MUNICIPAL',
      title: 'Наставничество молодых педагогов: сельский опыт',
    });
    expect(seen.data.material.registrationNumber).toMatch(new RegExp(`^ИМЦ-${year}-\\d{5}$`));
    expect(seen.data.material.publishedAt).not.toBeNull();

    await app.indexer.drainAll();
    const found = await app.gql(`{ search(query: "наставничество молодых") { hits { material { id } } } }`);
    expect(found.data.search.hits.map((h: any) => h.material.id)).toContain(material.id);

    const history = await app.gql(
      `query($id: ID!) { material(id: $id) { revisions { action version author { email } } reviews { decision reviewer { email } } } }`,
      { id: material.id },
      methodist.token,
    );
    expect(history.data.material.revisions.map((r: any) => r.action)).toEqual([
      'published',
      'reviewed',
      'reviewer_assigned',
      'submitted',
      'created',
    ]);
    expect(history.data.material.reviews).toEqual([{ decision: 'RECOMMEND', reviewer: { email: expert.email } }]);
    const revisionId = (await app.gql(`query($id: ID!) { material(id: $id) { revisions { id } } }`, { id: material.id }, methodist.token))
      .data.material.revisions[0].id;
    const asNode = `query($id: ID!) { node(id: $id) { __typename } }`;
    expect((await app.gql(asNode, { id: revisionId }, methodist.token)).data.node).toEqual({ __typename: 'MaterialRevision' });
    expect((await app.gql(asNode, { id: revisionId })).data.node).toBeNull();
    expect((await app.gql(asNode, { id: expert.id }, expert.token)).data.node).toEqual({ __typename: 'User' });
    expect((await app.gql(asNode, { id: expert.id }, author.token)).data.node).toBeNull();
    const anonymousHistory = await app.gql(`query($id: ID!) { material(id: $id) { revisions { action } } }`, { id: material.id });
    expect(anonymousHistory.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses illegal transitions naming the current status, and changes nothing', async () => {
    const author = await signIn(Role.AUTHOR);
    const methodist = await signIn(Role.METHODIST);
    const material = await draft(author.token);
    for (const [query, variables] of [
      ['publishMaterial(id: $id, level: $level) { id }', { id: material.id, level: 'REGIONAL' }],
      ['returnMaterialForRevision(id: $id, comment: $comment) { id }', { id: material.id, comment: 'нет' }],
      ['rejectMaterial(id: $id, comment: $comment) { id }', { id: material.id, comment: 'нет' }],
    ] as const) {
      const res = await mutate(query, variables, methodist.token);
      expect(res.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toContain('«Черновик» (DRAFT)');
    }
    expect((await mutate('submitMaterialForReview(id: $id) { status }', { id: material.id }, author.token)).errors).toBeUndefined();
    const again = await mutate('submitMaterialForReview(id: $id) { status }', { id: material.id }, author.token);
    expect(again.errors?.[0]?.message).toContain('«На экспертизе» (IN_REVIEW)');
    const noReview = await mutate(
      'publishMaterial(id: $id, level: $level) { id }',
      { id: material.id, level: 'REGIONAL' },
      methodist.token,
    );
    expect(noReview.errors?.[0]?.message).toContain('нет заключения эксперта');
    const state = await app.gql(`query($id: ID!) { material(id: $id) { status version } }`, { id: material.id }, methodist.token);
    expect(state.data.material.status).toBe('IN_REVIEW');
  });

  it('lets an author edit only their own drafts, and refuses a stale update whole', async () => {
    const author = await signIn(Role.AUTHOR);
    const other = await signIn(Role.AUTHOR);
    const material = await draft(author.token);
    const update = (token: string, version: number, title: string) =>
      mutate(
        'updateMaterial(id: $id, version: $version, input: $input) { title version }',
        { id: material.id, version, input: { title } },
        token,
      );

    expect((await update(other.token, material.version, 'Чужая правка')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const first = await update(author.token, material.version, 'Первая правка');
    expect(first.data.updateMaterial).toEqual({ title: 'Первая правка', version: material.version + 1 });
    const stale = await update(author.token, material.version, 'Правка по старой версии');
    expect(stale.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stale.errors?.[0]?.message).toContain('Материал уже изменён');
    const kept = await app.gql(`query($id: ID!) { material(id: $id) { title } }`, { id: material.id }, author.token);
    expect(kept.data.material.title).toBe('Первая правка');

    await mutate('submitMaterialForReview(id: $id) { status }', { id: material.id }, author.token);
    const inReview = await update(author.token, material.version + 2, 'Правка на экспертизе');
    expect(inReview.errors?.[0]?.message).toContain('«На экспертизе» (IN_REVIEW)');
    const wrongKind = await mutate(
      'updateMaterial(id: $id, version: $version, input: $input) { id }',
      { id: material.id, version: 3, input: { isbn: '978-5' } },
      (await signIn(Role.METHODIST)).token,
    );
    expect(wrongKind.errors?.[0]?.message).toContain('input.isbn');
  });

  it('sends a practice to review only with what the kind registry requires, naming every missing field; a preschool practice needs no class', async () => {
    const author = await signIn(Role.AUTHOR);
    const em = app.em();
    const subject = await buildSubject(em, 'Требования');
    const preschool = await buildLevel(em, 'ДО');
    const create = async (input: Record<string, unknown>) => {
      const res = await app.gql(
        `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`,
        { input: { kind: 'BEST_PRACTICE', title: 'Практика для проверки требований', ...input } },
        author.token,
      );
      expect(res.errors).toBeUndefined();
      return res.data.createMaterial.id as string;
    };
    const submit = (id: string) => mutate('submitMaterialForReview(id: $id) { status }', { id }, author.token);

    const bare = await submit(await create({ problem: 'Есть проблема' }));
    expect(bare.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', argument: 'id', missing: ['goal', 'results', 'subjects', 'levels', 'grades'] },
    });
    expect(bare.errors?.[0]?.message).toBe(
      'Аргумент id: перед отправкой на экспертизу заполните: «Цель» (goal); «Результаты» (results); хотя бы один предмет (subjectIds); хотя бы один уровень образования (levelIds); хотя бы один класс (grades), кроме материалов только для дошкольного и дополнительного образования',
    );
    const complete = {
      problem: 'Дети мало двигаются',
      goal: 'Подвижные игры каждый день',
      results: 'Двигательная активность выросла',
      subjectIds: [subject.globalId],
    };
    expect((await submit(await create({ ...complete, levelIds: [preschool.globalId] }))).data?.submitMaterialForReview).toEqual({
      status: 'IN_REVIEW',
    });
    // Other kinds need an author only.
    const article = await app.gql(
      `mutation { createMaterial(input: { kind: PUBLICATION, title: "Статья без подробностей" }) { id } }`,
      {},
      author.token,
    );
    expect((await submit(article.data.createMaterial.id)).data?.submitMaterialForReview).toEqual({ status: 'IN_REVIEW' });
  });

  it('lets the author withdraw a submission until an expert is assigned, and nobody else', async () => {
    const author = await signIn(Role.AUTHOR);
    const other = await signIn(Role.AUTHOR);
    const expert = await signIn(Role.EXPERT);
    const methodist = await signIn(Role.METHODIST);
    const material = await draft(author.token);
    const withdraw = (token: string) => mutate('withdrawMaterialFromReview(id: $id) { status }', { id: material.id }, token);
    const status = async () =>
      (await app.gql(`query($id: ID!) { material(id: $id) { status revisions { action } } }`, { id: material.id }, methodist.token)).data
        .material;

    expect((await withdraw(author.token)).errors?.[0]?.message).toContain('«Черновик» (DRAFT)');
    await mutate('submitMaterialForReview(id: $id) { status }', { id: material.id }, author.token);
    expect((await withdraw(other.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await withdraw(author.token)).data?.withdrawMaterialFromReview).toEqual({ status: 'DRAFT' });
    expect((await status()).revisions.map((r: any) => r.action).slice(0, 2)).toEqual(['withdrawn', 'submitted']);

    await mutate('submitMaterialForReview(id: $id) { status }', { id: material.id }, author.token);
    await mutate('assignReviewer(id: $id, reviewerId: $reviewerId) { id }', { id: material.id, reviewerId: expert.id }, methodist.token);
    const late = await withdraw(author.token);
    expect(late.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(late.errors?.[0]?.message).toContain('эксперт уже назначен');
    expect((await status()).status).toBe('IN_REVIEW');
  });

  it("shows the methodist's reason for a return or rejection to the author, the expert and methodists only, until the material is sent again", async () => {
    const author = await signIn(Role.AUTHOR);
    const other = await signIn(Role.AUTHOR);
    const expert = await signIn(Role.EXPERT);
    const methodist = await signIn(Role.METHODIST);
    const material = await draft(author.token);
    const note = `query($id: ID!) { material(id: $id) { status methodistDecision { action reason at by } assignedExpert { name } } }`;
    const seen = async (token?: string) => app.gql(note, { id: material.id }, token);

    expect((await seen(author.token)).data.material.methodistDecision).toBeNull();
    await mutate('submitMaterialForReview(id: $id) { status }', { id: material.id }, author.token);
    await mutate('assignReviewer(id: $id, reviewerId: $reviewerId) { id }', { id: material.id, reviewerId: expert.id }, methodist.token);
    expect((await seen(author.token)).data.material.assignedExpert).toEqual({ name: expect.any(String) });
    await mutate(
      'returnMaterialForRevision(id: $id, comment: $comment) { id }',
      { id: material.id, comment: 'Опишите результаты в цифрах' },
      methodist.token,
    );
    for (const token of [author.token, expert.token, methodist.token]) {
      const res = await seen(token);
      expect(res.errors).toBeUndefined();
      expect(res.data.material).toMatchObject({
        status: 'DRAFT',
        methodistDecision: { action: 'RETURNED', reason: 'Опишите результаты в цифрах' },
      });
      expect(new Date(res.data.material.methodistDecision.at).getTime()).not.toBeNaN();
    }
    expect((await seen(other.token)).data.material).toBeNull();

    await mutate('submitMaterialForReview(id: $id) { status }', { id: material.id }, author.token);
    expect((await seen(author.token)).data.material.methodistDecision).toBeNull();
    await mutate('rejectMaterial(id: $id, comment: $comment) { id }', { id: material.id, comment: 'Не по теме банка' }, methodist.token);
    expect((await seen(author.token)).data.material).toMatchObject({
      status: 'REJECTED',
      methodistDecision: { action: 'REJECTED', reason: 'Не по теме банка' },
    });
  });

  it('keeps the review queue in its order when an expert is assigned (ordered by creation, not by the last change)', async () => {
    const author = await signIn(Role.AUTHOR);
    const expert = await signIn(Role.EXPERT);
    const methodist = await signIn(Role.METHODIST);
    const first = await draft(author.token, 'Очередь: первый материал');
    const second = await draft(author.token, 'Очередь: второй материал');
    for (const material of [first, second]) await mutate('submitMaterialForReview(id: $id) { status }', { id: material.id }, author.token);
    const queue = async () => {
      const res = await app.gql(
        `{ materials(first: 100, filter: { statuses: [IN_REVIEW] }, orderBy: { field: CREATED_AT, direction: ASC }) { nodes { id } } }`,
        {},
        methodist.token,
      );
      expect(res.errors).toBeUndefined();
      return res.data.materials.nodes.map((n: { id: string }) => n.id).filter((id: string) => id === first.id || id === second.id);
    };
    expect(await queue()).toEqual([first.id, second.id]);
    await mutate('assignReviewer(id: $id, reviewerId: $reviewerId) { id }', { id: first.id, reviewerId: expert.id }, methodist.token);
    expect(await queue()).toEqual([first.id, second.id]);
  });

  it('restores an earlier revision as a new one', async () => {
    const author = await signIn(Role.AUTHOR);
    const material = await draft(author.token, 'Исходное название');
    const edit = (version: number, title: string) =>
      mutate(
        'updateMaterial(id: $id, version: $version, input: $input) { version }',
        { id: material.id, version, input: { title } },
        author.token,
      );
    await edit(1, 'Второе название');
    await edit(2, 'Третье название');
    const history = await app.gql(
      `query($id: ID!) { material(id: $id) { revisions { id action version changes } } }`,
      { id: material.id },
      author.token,
    );
    const created = history.data.material.revisions.find((r: any) => r.action === 'created');
    expect(history.data.material.revisions[0].changes).toEqual({ title: ['Второе название', 'Третье название'] });
    const restored = await mutate(
      'restoreMaterialRevision(id: $id, revisionId: $revisionId, version: $version) { title version }',
      { id: material.id, revisionId: created.id, version: 3 },
      author.token,
    );
    expect(restored.errors).toBeUndefined();
    expect(restored.data.restoreMaterialRevision).toEqual({ title: 'Исходное название', version: 4 });
  });
});

const missingOf = (type: string) => Buffer.from(`${type}:00000000-0000-4000-8000-000000000000`).toString('base64url');

describe('roles', () => {
  /** Each mutation against each role, on an id that does not exist: the policy answers before anything is looked up. */
  const MUTATIONS: Record<string, [string, Record<string, unknown>]> = {
    createMaterial: ['createMaterial(input: $input) { id }', { input: { kind: 'PUBLICATION', title: 'Статья для таблицы ролей' } }],
    updateMaterial: ['updateMaterial(id: $id, version: $version, input: $input) { id }', { version: 1, input: { title: 'Новое' } }],
    submitMaterialForReview: ['submitMaterialForReview(id: $id) { id }', {}],
    assignReviewer: [
      'assignReviewer(id: $id, reviewerId: $reviewerId) { id }',
      { reviewerId: Buffer.from('User:00000000-0000-4000-8000-000000000001').toString('base64url') },
    ],
    submitReview: ['submitReview(id: $id, review: $review) { id }', { review: REVIEW }],
    publishMaterial: ['publishMaterial(id: $id) { id }', {}],
    returnMaterialForRevision: ['returnMaterialForRevision(id: $id, comment: $comment) { id }', { comment: 'доработать' }],
    rejectMaterial: ['rejectMaterial(id: $id, comment: $comment) { id }', { comment: 'нет' }],
    archiveMaterial: ['archiveMaterial(id: $id, reason: $reason) { id }', { reason: 'устарел' }],
    changePassword: ['changePassword(oldPassword: $old, newPassword: $new)', { old: 'x', new: 'y' }],
    restoreMaterialRevision: [
      'restoreMaterialRevision(id: $id, revisionId: $revisionId, version: $version) { id }',
      { revisionId: missingOf('MaterialRevision'), version: 1 },
    ],
    updateUser: ['updateUser(id: $userId, role: READER) { id }', { userId: missingOf('User') }],
    createOrganization: [
      'createOrganization(input: $org) { id }',
      { org: { name: 'МБОУ «Школа для таблицы ролей»', municipality: 'Район' } },
    ],
    updateOrganization: ['updateOrganization(id: $orgId, input: $org) { id }', { orgId: missingOf('Organization'), org: {} }],
    mergeOrganizations: ['mergeOrganizations(targetId: $orgId, sourceIds: [$orgId]) { id }', { orgId: missingOf('Organization') }],
    createPerson: ['createPerson(input: $person) { id }', { person: { fullName: 'Педагог для таблицы ролей' } }],
    updatePerson: ['updatePerson(id: $personId, input: $person) { id }', { personId: missingOf('Person'), person: {} }],
    mergePeople: ['mergePeople(targetId: $personId, sourceIds: [$personId]) { id }', { personId: missingOf('Person') }],
    attachFile: ['attachFile(materialId: $id, fileId: $fileId) { id }', { fileId: missingOf('MediaFile') }],
    detachFile: ['detachFile(materialId: $id, fileId: $fileId) { id }', { fileId: missingOf('MediaFile') }],
    reorderFiles: ['reorderFiles(materialId: $id, fileIds: [$fileId]) { id }', { fileId: missingOf('MediaFile') }],
  };
  const ALLOWED: Record<string, Role[]> = {
    createMaterial: [Role.AUTHOR, Role.METHODIST, Role.ADMIN],
    updateMaterial: [Role.AUTHOR, Role.METHODIST, Role.ADMIN],
    submitMaterialForReview: [Role.AUTHOR, Role.METHODIST, Role.ADMIN],
    assignReviewer: [Role.METHODIST, Role.ADMIN],
    submitReview: [Role.EXPERT],
    publishMaterial: [Role.METHODIST, Role.ADMIN],
    returnMaterialForRevision: [Role.METHODIST, Role.ADMIN],
    rejectMaterial: [Role.METHODIST, Role.ADMIN],
    archiveMaterial: [Role.METHODIST, Role.ADMIN],
    changePassword: Object.values(Role),
    restoreMaterialRevision: [Role.AUTHOR, Role.METHODIST, Role.ADMIN],
    updateUser: [Role.ADMIN],
    createOrganization: [Role.METHODIST, Role.ADMIN],
    updateOrganization: [Role.METHODIST, Role.ADMIN],
    mergeOrganizations: [Role.METHODIST, Role.ADMIN],
    createPerson: [Role.AUTHOR, Role.METHODIST, Role.ADMIN],
    updatePerson: [Role.METHODIST, Role.ADMIN],
    mergePeople: [Role.METHODIST, Role.ADMIN],
    attachFile: [Role.AUTHOR, Role.METHODIST, Role.ADMIN],
    detachFile: [Role.AUTHOR, Role.METHODIST, Role.ADMIN],
    reorderFiles: [Role.AUTHOR, Role.METHODIST, Role.ADMIN],
  };
  Object.assign(TYPES, {
    reason: 'String!',
    old: 'String!',
    new: 'String!',
    input: 'UpdateMaterialInput!',
    org: 'OrganizationInput!',
    orgId: 'ID!',
    person: 'PersonInput!',
    personId: 'ID!',
    userId: 'ID!',
    fileId: 'ID!',
  });
  const missing = Buffer.from('BestPractice:00000000-0000-4000-8000-000000000000').toString('base64url');

  it('answers UNAUTHENTICATED, FORBIDDEN or goes on, per the policy', async () => {
    const tokens: Record<string, string | undefined> = { ANONYMOUS: undefined };
    for (const role of Object.values(Role)) tokens[role] = (await signIn(role)).token;
    const table: string[] = [];
    for (const [name, [query, vars]] of Object.entries(MUTATIONS)) {
      for (const [who, token] of Object.entries(tokens)) {
        const variables = { ...(query.includes('$id') ? { id: missing } : {}), ...vars };
        const types = name === 'createMaterial' ? { ...TYPES, input: 'CreateMaterialInput!' } : TYPES;
        const res = await app.gql(
          `mutation(${Object.keys(variables)
            .map((k) => `$${k}: ${types[k]}`)
            .join(', ')}) { ${query} }`,
          variables,
          token,
        );
        const code = res.errors?.[0]?.extensions?.code ?? 'OK';
        const expected = who === 'ANONYMOUS' ? 'UNAUTHENTICATED' : ALLOWED[name]!.includes(who as Role) ? 'allowed' : 'FORBIDDEN';
        const got = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? code : 'allowed';
        table.push(`${name} ${who}: ${got}`);
        expect(got, `${name} as ${who} (${res.errors?.[0]?.message ?? 'ok'})`).toBe(expected);
      }
    }
    expect(table).toHaveLength(Object.keys(MUTATIONS).length * 6);
  });
});

describe('accounts', () => {
  it('never exposes a password hash', async () => {
    const res = await app.gql(`{ __type(name: "User") { fields { name } } }`);
    const fields = res.data.__type.fields.map((f: any) => f.name);
    expect(fields.some((f: string) => /password|hash/i.test(f))).toBe(false);
    const user = await signIn(Role.READER);
    const viewer = await app.gql(`{ viewer { email role } }`, {}, user.token);
    expect(viewer.data.viewer).toEqual({ email: user.email, role: 'READER' });
    expect(JSON.stringify(viewer)).not.toContain('argon2');
  });

  it("changes a password, ending the other sessions, and audits an administrator's role change", async () => {
    const user = await signIn(Role.AUTHOR);
    const otherDevice = (
      await app.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: PASSWORD })
    ).data.login.token;
    const weak = await app.gql(`mutation { changePassword(oldPassword: "${PASSWORD}", newPassword: "123") }`, {}, user.token);
    expect(weak.errors?.[0]?.message).toContain('newPassword');
    const wrongOld = await app.gql(`mutation { changePassword(oldPassword: "не тот", newPassword: "новый-пароль-456") }`, {}, user.token);
    expect(wrongOld.errors?.[0]?.message).toContain('oldPassword');
    expect(
      (await app.gql(`mutation { changePassword(oldPassword: "${PASSWORD}", newPassword: "новый-пароль-456") }`, {}, user.token)).data
        .changePassword,
    ).toBe(true);
    expect((await app.gql('{ viewer { email } }', {}, user.token)).data.viewer).toEqual({ email: user.email });
    expect((await app.gql('{ viewer { email } }', {}, otherDevice)).data.viewer).toBeNull();

    const admin = await signIn(Role.ADMIN);
    const promoted = await app.gql(`mutation($id: ID!) { updateUser(id: $id, role: EXPERT) { role } }`, { id: user.id }, admin.token);
    expect(promoted.data.updateUser).toEqual({ role: 'EXPERT' });
    const [event] = await app
      .em()
      .execute(`select type, details from audit_event where type = 'user.role_changed' and subject = ?`, [
        Buffer.from(user.id, 'base64url').toString().split(':')[1],
      ]);
    expect(event).toMatchObject({ type: 'user.role_changed', details: { email: user.email, from: 'AUTHOR', to: 'EXPERT' } });
    const listed = await app.gql(
      `query($q: String) { users(query: $q, role: EXPERT) { totalCount nodes { email } } }`,
      { q: user.email },
      admin.token,
    );
    expect(listed.data.users).toEqual({ totalCount: 1, nodes: [{ email: user.email }] });
    expect((await app.gql('{ users { totalCount } }', {}, user.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const off = await app.gql(`mutation($id: ID!) { updateUser(id: $id, active: false) { active } }`, { id: user.id }, admin.token);
    expect(off.data.updateUser).toEqual({ active: false });
    expect((await app.gql('{ viewer { email } }', {}, user.token)).data.viewer).toBeNull();
  });

  it('keeps the browser session in an HttpOnly cookie and ends it on logout', async () => {
    const user = await signIn(Role.AUTHOR);
    const login = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(email: "${user.email}", password: "${PASSWORD}") { token } }` }),
    });
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^kb_session=[\w-]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    const asBrowser = (query: string) =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: cookie.split(';')[0]! },
        body: JSON.stringify({ query }),
      }).then((r) => r.json() as Promise<any>);
    expect((await asBrowser('{ viewer { email } }')).data.viewer).toEqual({ email: user.email });
    expect((await asBrowser('mutation { logout }')).data.logout).toBe(true);
    expect((await asBrowser('{ viewer { email } }')).data.viewer).toBeNull();
  });
});
