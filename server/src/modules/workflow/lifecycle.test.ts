import { describe, expect, it } from 'vitest';
import { buildLevel, buildPerson, buildSubject } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn as signInAs } from '../../test/sign-in.ts';
import { AuditEvent, Role } from '../accounts/user.entity.ts';

/**
 * A material's life after publication: withdrawn to the archive with a reason the author reads, edited
 * by a methodist (a revision, the material stays published), its history read field by field and an
 * earlier revision put back as a new one.
 */
const app = useTestApp();
let counter = 0;
const signIn = (role: Role) => signInAs(app, role);

const REVIEW = {
  scores: ['relevance', 'novelty', 'practical_value', 'reproducibility', 'presentation'].map((code) => ({ code, score: 4 })),
  decision: 'RECOMMEND',
  comment: 'Рекомендую',
};
const STATE = `id status version title registrationNumber methodistDecision { action reason by } revisions { version action changes }`;

/** A practice taken through the whole workflow by the API: written by `author`, published by `methodist`. */
async function published(author: string, methodist: string, title = `Кейс-метод на уроках истории ${++counter}`) {
  const em = app.em();
  const subject = await buildSubject(em, `История ${counter}`);
  const level = await buildLevel(em, `ЖЦ-${counter}`);
  const person = await buildPerson(em, { fullName: `Лебедева Ольга Игоревна ${counter}` });
  const expert = await signIn(Role.EXPERT);
  const created = await app.gql(
    `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`,
    {
      input: {
        kind: 'BEST_PRACTICE',
        title,
        summary: 'Разбор исторических ситуаций',
        problem: 'Ученики заучивают даты',
        goal: 'Научить рассуждать',
        results: 'Выросли баллы за эссе',
        grades: [8],
        subjectIds: [subject.globalId],
        levelIds: [level.globalId],
        authorIds: [person.globalId],
      },
    },
    author,
  );
  expect(created.errors).toBeUndefined();
  const id = created.data.createMaterial.id as string;
  const steps: Array<[string, Record<string, unknown>, string]> = [
    ['mutation($id: ID!) { submitMaterialForReview(id: $id) { id } }', { id }, author],
    ['mutation($id: ID!, $r: ID!) { assignReviewer(id: $id, reviewerId: $r) { id } }', { id, r: expert.id }, methodist],
    ['mutation($id: ID!, $review: ReviewInput!) { submitReview(id: $id, review: $review) { id } }', { id, review: REVIEW }, expert.token],
    ['mutation($id: ID!) { publishMaterial(id: $id, level: MUNICIPAL) { id } }', { id }, methodist],
  ];
  for (const [query, variables, token] of steps) expect((await app.gql(query, variables, token)).errors, query).toBeUndefined();
  return id;
}

const state = async (id: string, token: string) =>
  (await app.gql(`query($id: ID!) { material(id: $id) { ${STATE} } }`, { id }, token)).data.material;
const archive = (id: string, reason: string, token?: string) =>
  app.gql(`mutation($id: ID!, $reason: String!) { archiveMaterial(id: $id, reason: $reason) { id status } }`, { id, reason }, token);

describe('archive with a reason', () => {
  it('withdraws a published material: the author and methodists read why, readers and the certificate see it withdrawn, the journal has it', async () => {
    const author = await signIn(Role.AUTHOR);
    const methodist = await signIn(Role.METHODIST);
    const id = await published(author.token, methodist.token);
    const before = await state(id, methodist.token);

    const res = await archive(id, '  Устарел: вышел новый ФГОС ООО  ', methodist.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.archiveMaterial.status).toBe('ARCHIVED');

    // The author, on their own material, reads the reason (trimmed) and who gave it.
    const seen = await state(id, author.token);
    expect(seen.methodistDecision).toMatchObject({ action: 'ARCHIVED', reason: 'Устарел: вышел новый ФГОС ООО' });
    expect(seen.methodistDecision.by).not.toBe('');
    expect(seen.revisions[0]).toMatchObject({
      version: before.version + 1,
      action: 'archived',
      changes: { status: ['PUBLISHED', 'ARCHIVED'], comment: [null, 'Устарел: вышел новый ФГОС ООО'] },
    });
    // Readers no longer find it; its certificate stands withdrawn.
    expect((await app.gql(`query($id: ID!) { material(id: $id) { id } }`, { id })).data.material).toBeNull();
    const verify = await fetch(`${app.url}/verify/${encodeURIComponent(before.registrationNumber)}`);
    expect(await verify.text()).toContain('Свидетельство отозвано');
    const events = await app.em().find(AuditEvent, { type: 'material.archived' });
    expect(events.map((e) => e.details)).toContainEqual({
      registrationNumber: before.registrationNumber,
      reason: 'Устарел: вышел новый ФГОС ООО',
    });
  });

  it('refuses a blank or too long reason, a wrong status and a role without the right, naming why, and changes nothing', async () => {
    const author = await signIn(Role.AUTHOR);
    const methodist = await signIn(Role.METHODIST);
    const id = await published(author.token, methodist.token);
    const before = await state(id, methodist.token);

    const blank = await archive(id, '   ', methodist.token);
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'reason' });
    expect(blank.errors?.[0]?.message).toContain('напишите причину');
    const long = await archive(id, 'я'.repeat(2001), methodist.token);
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'reason' });
    expect(long.errors?.[0]?.message).toContain('2000');
    const byAuthor = await archive(id, 'Хочу убрать', author.token);
    expect(byAuthor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await archive(id, 'Хочу убрать');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const noReason = await app.gql(`mutation($id: ID!) { archiveMaterial(id: $id) { id } }`, { id }, methodist.token);
    expect(noReason.errors?.[0]?.message).toContain('reason');
    expect(await state(id, methodist.token)).toEqual(before);

    // Archived once, it cannot be archived again: the message names the status.
    expect((await archive(id, 'Устарел', methodist.token)).errors).toBeUndefined();
    const archived = await state(id, methodist.token);
    const again = await archive(id, 'Ещё раз', methodist.token);
    expect(again.errors?.[0]?.message).toContain('«В архиве»');
    expect(await state(id, methodist.token)).toEqual(archived);
  });

  it('refuses a return or rejection without a reason for the author (the reason is what the author reads)', async () => {
    const author = await signIn(Role.AUTHOR);
    const methodist = await signIn(Role.METHODIST);
    const em = app.em();
    const subject = await buildSubject(em, `Химия ${++counter}`);
    const created = await app.gql(
      `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`,
      { input: { kind: 'PUBLICATION', title: 'Статья о кислотах', subjectIds: [subject.globalId] } },
      author.token,
    );
    const id = created.data.createMaterial.id;
    expect((await app.gql(`mutation($id: ID!) { submitMaterialForReview(id: $id) { id } }`, { id }, author.token)).errors).toBeUndefined();
    const before = await state(id, methodist.token);
    for (const mutation of ['returnMaterialForRevision', 'rejectMaterial']) {
      const res = await app.gql(
        `mutation($id: ID!, $comment: String!) { ${mutation}(id: $id, comment: $comment) { id } }`,
        { id, comment: ' \n ' },
        methodist.token,
      );
      expect(res.errors?.[0]?.extensions, mutation).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'comment' });
    }
    expect(await state(id, methodist.token)).toEqual(before);
  });
});

describe('editing a published material and its history', () => {
  it('lets a methodist edit a published material (it stays published, the edit is a revision); its author may not', async () => {
    const author = await signIn(Role.AUTHOR);
    const methodist = await signIn(Role.METHODIST);
    const id = await published(author.token, methodist.token);
    const before = await state(id, methodist.token);

    const byAuthor = await app.gql(
      `mutation($id: ID!, $v: Int!) { updateMaterial(id: $id, version: $v, input: { title: "Авторская правка" }) { id } }`,
      { id, v: before.version },
      author.token,
    );
    expect(byAuthor.errors?.[0]?.message).toContain('«Опубликован»');
    expect(await state(id, methodist.token)).toEqual(before);

    const edit = await app.gql(
      `mutation($id: ID!, $v: Int!) { updateMaterial(id: $id, version: $v, input: { title: "Кейс-метод на уроках истории: 8 класс" }) { id status version } }`,
      { id, v: before.version },
      methodist.token,
    );
    expect(edit.errors).toBeUndefined();
    expect(edit.data.updateMaterial).toMatchObject({ status: 'PUBLISHED', version: before.version + 1 });
    const after = await state(id, author.token);
    expect(after.revisions[0]).toMatchObject({
      action: 'updated',
      changes: { title: [before.title, 'Кейс-метод на уроках истории: 8 класс'] },
    });
    expect(after.registrationNumber).toBe(before.registrationNumber);
  });

  it('reads two revisions field by field with names, and restores an earlier one as a new revision, keeping the whole history', async () => {
    const author = await signIn(Role.AUTHOR);
    const methodist = await signIn(Role.METHODIST);
    const id = await published(author.token, methodist.token, 'Проектная неделя в 5 классе');
    const first = await state(id, methodist.token);
    const edited = await app.gql(
      `mutation($id: ID!, $v: Int!) { updateMaterial(id: $id, version: $v, input: { title: "Проектная неделя", summary: "Новое описание" }) { version } }`,
      { id, v: first.version },
      methodist.token,
    );
    expect(edited.errors).toBeUndefined();
    const latest = edited.data.updateMaterial.version as number;

    const compare = await app.gql(
      `query($id: ID!, $a: Int!, $b: Int!) { material(id: $id) { a: revision(version: $a) { version action authorName createdAt content { name value } } b: revision(version: $b) { version content { name value } } none: revision(version: 999) { id } } }`,
      { id, a: first.version, b: latest },
      author.token,
    );
    expect(compare.errors).toBeUndefined();
    const { a, b, none } = compare.data.material;
    const field = (revision: { content: Array<{ name: string; value: string }> }, name: string) =>
      revision.content.find((f) => f.name === name)?.value;
    expect(field(a, 'title')).toBe('Проектная неделя в 5 классе');
    expect(field(b, 'title')).toBe('Проектная неделя');
    expect(field(b, 'summary')).toBe('Новое описание');
    // Names, not ids.
    expect(field(a, 'authors')).toMatch(/^Лебедева Ольга Игоревна \d+$/);
    expect(field(a, 'subjects')).toMatch(/^История \d+$/);
    expect(field(a, 'grades')).toBe('8');
    expect(a.content.map((f: { name: string }) => f.name)).not.toContain('subjectIds');
    expect(a.action).toBe('published');
    expect(none).toBeNull();

    const revisionId = (
      await app.gql(`query($id: ID!) { material(id: $id) { revisions { id version } } }`, { id }, methodist.token)
    ).data.material.revisions.find((r: { version: number }) => r.version === first.version).id;
    const restoreQuery = `mutation($id: ID!, $r: ID!, $v: Int!) { restoreMaterialRevision(id: $id, revisionId: $r, version: $v) { id title status version } }`;
    // A stale version and the author (the material is published) are refused, changing nothing.
    const stale = await app.gql(restoreQuery, { id, r: revisionId, v: first.version }, methodist.token);
    expect(stale.errors?.[0]?.extensions?.argument).toBe('version');
    const byAuthor = await app.gql(restoreQuery, { id, r: revisionId, v: latest }, author.token);
    expect(byAuthor.errors?.[0]?.message).toContain('«Опубликован»');
    const other = await published(author.token, methodist.token);
    const foreign = await app.gql(
      restoreQuery,
      { id: other, r: revisionId, v: (await state(other, methodist.token)).version },
      methodist.token,
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await state(id, methodist.token)).version).toBe(latest);

    const restored = await app.gql(restoreQuery, { id, r: revisionId, v: latest }, methodist.token);
    expect(restored.errors).toBeUndefined();
    expect(restored.data.restoreMaterialRevision).toMatchObject({
      title: 'Проектная неделя в 5 классе',
      status: 'PUBLISHED',
      version: latest + 1,
    });
    const history = await state(id, methodist.token);
    expect(history.revisions[0]).toMatchObject({
      version: latest + 1,
      action: 'restored',
      changes: { title: ['Проектная неделя', 'Проектная неделя в 5 классе'], restoredFrom: [null, first.version] },
    });
    // Nothing dropped: every earlier revision is still there.
    expect(history.revisions.map((r: { version: number }) => r.version)).toEqual([
      latest + 1,
      ...first.revisions.map((r: { version: number }) => r.version).toSpliced(0, 0, latest),
    ]);
  });

  it('shows a revision only to the material’s insiders', async () => {
    const author = await signIn(Role.AUTHOR);
    const methodist = await signIn(Role.METHODIST);
    const stranger = await signIn(Role.AUTHOR);
    const id = await published(author.token, methodist.token);
    const query = `query($id: ID!) { material(id: $id) { id revision(version: 1) { version } } }`;
    for (const token of [undefined, stranger.token]) {
      const res = await app.gql(query, { id }, token);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await app.gql(query, { id }, author.token)).data.material.revision).toEqual({ version: 1 });
  });
});
