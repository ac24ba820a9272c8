import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../common/logger.ts';
import { smtpMailer } from '../../common/mail.ts';
import { buildMaterial } from '../../test/factories.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { startMailbox } from '../../test/mailbox.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role } from '../accounts/user.entity.ts';
import { Material } from '../materials/material.entity.ts';
import { MaterialKind, MaterialStatus } from '../materials/material.enums.ts';
import { addDays, REVIEW_DUE_DAYS } from './review-due-day.ts';

const PUBLIC_URL = 'https://metod.example.ru';
const CENTRE = { name: 'ИМЦ Северо-Енисейского района', municipality: 'Северо-Енисейский район', headTitle: 'Директор' };
const REFUSED = /^refused-/;
const warnings: string[] = [];
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let app: TestApp;

beforeAll(async () => {
  mailbox = await startMailbox({ refuse: (address) => REFUSED.test(address) });
  const sink = new Writable({ write: (chunk, _encoding, done) => void (warnings.push(String(chunk)), done()) });
  app = await startTestApp({
    centre: CENTRE,
    logger: createLogger('warn', sink),
    mailer: smtpMailer({ smtpUrl: mailbox.url, from: 'ИМЦ <noreply@metod.example.ru>', publicUrl: PUBLIC_URL }),
    now: () => NOW,
  });
});
afterAll(async () => {
  await app?.close();
  await mailbox?.close();
});

const ASSIGN = `mutation($id: ID!, $r: ID!, $dueOn: LocalDate) { assignReviewer(id: $id, reviewerId: $r, dueOn: $dueOn) { id reviewDueOn assignedExpert { name } } }`;
const SUBMIT = `mutation($id: ID!, $review: ReviewInput!) { submitReview(id: $id, review: $review) { id } }`;
const CRITERIA = ['relevance', 'novelty', 'practical_value', 'reproducibility', 'presentation'];
const COUNT = `{ viewer { openReviewCount } }`;

/** The server's clock in this file: 08:00 of 10 March 2027 in the district (Moscow by default), not the machine's date. */
const NOW = new Date('2027-03-10T05:00:00Z');
/** Days from the server's today, as `YYYY-MM-DD`. */
const fromToday = (days: number) => addDays('2027-03-10', days);

async function onReview(title = `На экспертизе ${Math.random().toString(36).slice(2, 8)}`) {
  const material = await buildMaterial(app.em(), { kind: MaterialKind.PUBLICATION, status: MaterialStatus.IN_REVIEW, title });
  return { id: material.globalId, key: material.id, title };
}

describe('assigning an expert: due day, letter, counter', () => {
  it(`gives the expert ${REVIEW_DUE_DAYS} days when the methodist names no day, and keeps the day a methodist names`, async () => {
    const [methodist, expert] = [await signIn(app, Role.METHODIST), await signIn(app, Role.EXPERT)];
    const first = await onReview();
    const defaulted = await app.gql(ASSIGN, { id: first.id, r: expert.id }, methodist.token);
    expect(defaulted.errors).toBeUndefined();
    expect(defaulted.data.assignReviewer.reviewDueOn).toBe('2027-03-24');
    // The desk offers the same day before the methodist picks one.
    expect((await app.gql(`{ reviewDueDefault }`, {}, methodist.token)).data.reviewDueDefault).toBe('2027-03-24');

    const second = await onReview();
    const named = await app.gql(ASSIGN, { id: second.id, r: expert.id, dueOn: fromToday(3) }, methodist.token);
    expect(named.data.assignReviewer.reviewDueOn).toBe(fromToday(3));
    expect((await app.em().findOneOrFail(Material, second.key)).reviewDueOn).toBe(fromToday(3));
    // The expert sees the day on the material too.
    const seen = await app.gql(`query($id: ID!) { material(id: $id) { reviewDueOn } }`, { id: second.id }, expert.token);
    expect(seen.data.material.reviewDueOn).toBe(fromToday(3));
  });

  it('refuses a due day already past or more than a year ahead, naming the field, and leaves the material unassigned', async () => {
    const [methodist, expert] = [await signIn(app, Role.METHODIST), await signIn(app, Role.EXPERT)];
    const material = await onReview();
    const past = await app.gql(ASSIGN, { id: material.id, r: expert.id, dueOn: fromToday(-1) }, methodist.token);
    expect(past.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'dueOn' });
    expect(past.errors?.[0]?.message).toBe(
      `Аргумент dueOn: срок экспертизы ${fromToday(-1)} уже прошёл: выберите сегодняшний или более поздний день`,
    );
    const far = await app.gql(ASSIGN, { id: material.id, r: expert.id, dueOn: fromToday(400) }, methodist.token);
    expect(far.errors?.[0]?.extensions).toMatchObject({ argument: 'dueOn' });
    const notADay = await app.gql(ASSIGN, { id: material.id, r: expert.id, dueOn: '31.12.2030' }, methodist.token);
    expect(notADay.errors?.[0]?.message).toContain('dueOn');
    const kept = await app.em().findOneOrFail(Material, material.key);
    expect([kept.reviewer ?? null, kept.reviewDueOn ?? null]).toEqual([null, null]);
    // Today itself is a due day.
    expect(
      (await app.gql(ASSIGN, { id: material.id, r: expert.id, dueOn: fromToday(0) }, methodist.token)).data.assignReviewer.reviewDueOn,
    ).toBe(fromToday(0));
  });

  it("mails the expert the material's title, the due day and a link to the review page", async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const expert = await signIn(app, Role.EXPERT, { name: 'Эксперт Ирина Павловна' });
    const material = await onReview('Проектная задача по географии «Река Енисей»');
    expect((await app.gql(ASSIGN, { id: material.id, r: expert.id, dueOn: fromToday(10) }, methodist.token)).errors).toBeUndefined();
    const letter = await mailbox.letterTo(expert.email);
    expect(letter.subject).toBe(`${CENTRE.name}: экспертиза материала «${material.title}»`);
    expect(letter.text).toContain('Здравствуйте, Эксперт Ирина Павловна!');
    expect(letter.text).toContain(`материала «${material.title}»`);
    expect(letter.text).toContain(`до ${fromToday(10).split('-').reverse().join('.')} включительно`);
    expect(letter.text).toContain(`${PUBLIC_URL}/review/${encodeURIComponent(material.id)}`);
  });

  it('assigns even when the mail server refuses the letter, and logs the failure', async () => {
    const methodist = await signIn(app, Role.METHODIST);
    const expert = await signIn(app, Role.EXPERT);
    const em = app.em();
    await em.nativeUpdate('User', { email: expert.email }, { email: `refused-${expert.email}` });
    const material = await onReview();
    const res = await app.gql(ASSIGN, { id: material.id, r: expert.id }, methodist.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.assignReviewer.assignedExpert).not.toBeNull();
    await vi.waitFor(() => expect(warnings.join('')).toContain(`refused-${expert.email}`), { timeout: 10_000 });
    expect(warnings.join('')).toContain('review assignment mail not sent');
    expect(mailbox.letters.some((l) => l.to.includes(`refused-${expert.email}`))).toBe(false);
  });

  it("counts an expert's open assignments in one statement; a conclusion closes one; nobody else reads the count", async () => {
    const [methodist, expert, author] = [await signIn(app, Role.METHODIST), await signIn(app, Role.EXPERT), await signIn(app, Role.AUTHOR)];
    expect((await app.gql(COUNT, {}, expert.token)).data.viewer.openReviewCount).toBe(0);
    const [a, b] = [await onReview(), await onReview()];
    for (const m of [a, b]) expect((await app.gql(ASSIGN, { id: m.id, r: expert.id }, methodist.token)).errors).toBeUndefined();

    app.statements.length = 0;
    expect((await app.gql(COUNT, {}, expert.token)).data.viewer.openReviewCount).toBe(2);
    expect(app.statements.filter((sql) => /from "?material"? /.test(sql))).toHaveLength(1);

    const review = { scores: CRITERIA.map((code) => ({ code, score: 3 })), decision: 'RECOMMEND', comment: '' };
    expect((await app.gql(SUBMIT, { id: a.id, review }, expert.token)).errors).toBeUndefined();
    expect((await app.gql(COUNT, {}, expert.token)).data.viewer.openReviewCount).toBe(1);

    expect((await app.gql(COUNT, {}, author.token)).data.viewer.openReviewCount).toBe(0);
    const others = await app.gql(`query($id: ID!) { node(id: $id) { ... on User { openReviewCount } } }`, { id: expert.id }, author.token);
    expect(others.data?.node?.openReviewCount ?? null).toBeNull();
  });
});
