import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer, type Mailer } from '../../common/mail.ts';
import { createLogger } from '../../common/logger.ts';
import { buildCollection, buildMaterial, buildSubject } from '../../test/factories.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { startMailbox, type ReceivedLetter } from '../../test/mailbox.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role } from '../accounts/user.entity.ts';
import { MaterialStatus } from '../materials/material.enums.ts';
import { CollectionItem } from '../collections/collection.entity.ts';
import { DigestSender } from './digest-sender.ts';
import { DigestSubscription } from './digest-subscription.entity.ts';
import { MAX_SUBSCRIPTIONS_PER_ADDRESS, SubscriptionService } from './subscription.service.ts';

let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let app: TestApp;
let mailer: Mailer;
const PUBLIC_URL = 'https://metod.example.ru';
const CENTRE = { name: 'ИМЦ Северо-Енисейского района', headTitle: 'Директор' };

beforeAll(async () => {
  mailbox = await startMailbox();
  mailer = smtpMailer({ smtpUrl: mailbox.url, from: 'ИМЦ <noreply@metod.example.ru>', publicUrl: PUBLIC_URL });
  // The client's own index.html as the shell of its pages.
  const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-shell-'));
  fs.copyFileSync(
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../client/index.html'),
    path.join(clientDir, 'index.html'),
  );
  app = await startTestApp({ centre: CENTRE, mailer, clientDir });
});
afterAll(async () => {
  await app?.close();
  mailer?.close();
  await mailbox?.close();
});

const SUBSCRIBE = `mutation($e: String!, $f: String!) { subscribeToDigest(email: $e, feed: $f) }`;
const CONFIRM = `mutation($t: String!) { confirmDigestSubscription(token: $t) { email title status } }`;
const CANCEL = `mutation($t: String!) { cancelDigestSubscription(token: $t) { status } }`;

let serial = 0;
const address = (name: string) => `${name}-${process.pid}-${++serial}@school.test`;
/** Weekly on Mondays at 7:00, as the product's default; `sendDue(now)` is what `kb digest` does. */
const sender = () =>
  new DigestSender(
    app.orm,
    app.search,
    mailer,
    { schedule: '0 7 * * 1', timeZone: 'Europe/Moscow', centreName: CENTRE.name },
    createLogger('silent'),
  );
const lettersTo = (to: string, subject: string) => mailbox.letters.filter((l) => l.to.includes(to) && l.subject.includes(subject));
const tokenIn = (letter: ReceivedLetter, path: string) => new RegExp(`${PUBLIC_URL}${path}([A-Za-z0-9_-]+)`).exec(letter.text)?.[1];

/** Subscribes through the API and opens the link of the confirmation letter; the subscription's secret. */
async function subscribeAndConfirm(email: string, feed: string): Promise<string> {
  const res = await app.gql(SUBSCRIBE, { e: email, f: feed });
  expect(res.errors).toBeUndefined();
  expect(res.data.subscribeToDigest).toBe(true);
  const token = tokenIn(await mailbox.letterTo(email), '/digest/confirm/')!;
  expect((await app.gql(CONFIRM, { t: token })).data.confirmDigestSubscription.status).toBe('ACTIVE');
  return token;
}

describe('weekly e-mail digests (a real SMTP server)', () => {
  it('says mail is on, mails a confirmation link, and starts only when the link is opened (twice is harmless)', async () => {
    expect((await app.gql(`{ centre { digestByMail } }`)).data.centre.digestByMail).toBe(true);
    const subject = await buildSubject(app.em(), 'Астрономия');
    const email = address('teacher');
    const res = await app.gql(SUBSCRIBE, { e: `  ${email.toUpperCase()} `, f: `/feed.xml?subject=${subject.id}` });
    expect(res.errors).toBeUndefined();
    const letter = await mailbox.letterTo(email);
    expect(letter.subject).toBe(`${CENTRE.name}: подтвердите подписку на новые материалы`);
    expect(letter.text).toContain('«Методическая база знаний: Астрономия»');
    const token = tokenIn(letter, '/digest/confirm/')!;
    expect(token).toHaveLength(43);

    // Not confirmed: new materials bring no digest.
    await buildMaterial(app.em(), { subjects: [subject], publishedAt: new Date() });
    expect((await sender().sendDue(new Date())).sent).toBe(0);
    expect(lettersTo(email, 'новые материалы (')).toHaveLength(0);

    // The client's page for the link is a page of the site.
    expect((await fetch(`${app.url}/digest/confirm/${token}`)).status).toBe(200);
    expect((await fetch(`${app.url}/digest/confirm/`)).status).toBe(404);
    const confirmed = await app.gql(CONFIRM, { t: token });
    expect(confirmed.data.confirmDigestSubscription).toEqual({ email, title: 'Методическая база знаний: Астрономия', status: 'ACTIVE' });
    expect((await app.gql(CONFIRM, { t: token })).data.confirmDigestSubscription.status).toBe('ACTIVE');

    const unknown = await app.gql(CONFIRM, { t: 'x'.repeat(43) });
    expect(unknown.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(unknown.errors![0]!.message).toContain('Такой подписки нет');
    expect((await app.gql(CONFIRM, { t: 'короткий' })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('mails only the published materials of the subscription that are new since the last digest, with a one-click unsubscribe, and never the same twice', async () => {
    const em = app.em();
    const [maths, physics] = [await buildSubject(em, 'Геометрия'), await buildSubject(em, 'Физика')];
    const old = await buildMaterial(em, { title: 'Старый урок геометрии', subjects: [maths], publishedAt: new Date(Date.UTC(2020, 0, 1)) });
    const email = address('digest');
    const token = await subscribeAndConfirm(email, `subject=${maths.id}`);
    // Nothing new yet: no letter at all.
    expect((await sender().sendDue(new Date())).nothingNew).toBeGreaterThanOrEqual(1);
    expect(lettersTo(email, 'новые материалы (')).toHaveLength(0);

    const fresh = await buildMaterial(em, { title: 'Новый урок геометрии', subjects: [maths], publishedAt: new Date() });
    await buildMaterial(em, { title: 'Новый урок физики', subjects: [physics], publishedAt: new Date() });
    await buildMaterial(em, { title: 'Черновик по геометрии', subjects: [maths], status: MaterialStatus.DRAFT });
    // Two senders at once (two server processes, or the command beside the server): one letter.
    await Promise.all([sender().sendDue(new Date()), sender().sendDue(new Date())]);
    const [letter, ...more] = lettersTo(email, 'новые материалы (');
    expect(more).toHaveLength(0);
    expect(letter!.subject).toBe(`${CENTRE.name}: новые материалы (1) — Методическая база знаний: Геометрия`);
    expect(letter!.text).toContain(`1. Новый урок геометрии`);
    expect(letter!.text).toContain(`${PUBLIC_URL}/materials/${fresh.globalId}`);
    expect(letter!.text).not.toContain(old.title);
    expect(letter!.text).not.toContain('физики');
    expect(letter!.text).not.toContain('Черновик');
    expect(letter!.text).toContain(`Все материалы подписки на сайте: ${PUBLIC_URL}/?subject=${maths.id}`);
    const unsubscribe = `${PUBLIC_URL}/digest/unsubscribe/${token}`;
    expect(letter!.text).toContain(`Отписаться одним нажатием: ${unsubscribe}`);
    expect(letter!.headers['list-unsubscribe']).toBe(`<${unsubscribe}>`);
    expect(letter!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    // Sent already: the next run has nothing new for this address.
    await sender().sendDue(new Date());
    expect(lettersTo(email, 'новые материалы (')).toHaveLength(1);
  });

  it('sends at the scheduled time only: a subscription confirmed after the last one waits for the next', async () => {
    const subject = await buildSubject(app.em(), 'Черчение');
    const email = address('schedule');
    await subscribeAndConfirm(email, `subject=${subject.id}`);
    await buildMaterial(app.em(), { subjects: [subject], publishedAt: new Date() });
    const weekly = sender();
    // The schedule's slots, from a fixed moment: the latest run at or before it, a week apart.
    const moment = new Date('2026-11-30T12:00:00Z');
    const slot = weekly.currentSlot(moment)!;
    expect(slot.getTime()).toBeLessThanOrEqual(moment.getTime());
    expect(moment.getTime() - slot.getTime()).toBeLessThan(7 * 86_400_000);
    expect(weekly.currentSlot(new Date(slot.getTime() - 1))!.getTime()).toBe(slot.getTime() - 7 * 86_400_000);
    expect(await weekly.step()).toBe(0);
    expect(lettersTo(email, 'новые материалы (')).toHaveLength(0);
  });

  it("follows a search and a collection with the feed's own selection", async () => {
    const em = app.em();
    const word = `звездочёт${process.pid}`;
    const email = address('search');
    await subscribeAndConfirm(email, `q=${word}`);
    const collection = await buildCollection(em, { title: 'Лучшее за осень' });
    const collected = address('collection');
    await subscribeAndConfirm(collected, `collection=${collection.globalId}`);
    const inCollection = await buildMaterial(em, { title: 'Урок из подборки', publishedAt: new Date() });
    em.create(CollectionItem, { collection, material: inCollection, position: 0 });
    await em.flush();
    const found = await buildMaterial(em, { title: `Урок «${word}»`, publishedAt: new Date() });
    await buildMaterial(em, { title: 'Урок про другое', publishedAt: new Date() });
    await app.indexer.drainAll();
    await sender().sendDue(new Date());
    const [searchLetter] = lettersTo(email, 'новые материалы (');
    expect(searchLetter!.text).toContain(found.title);
    expect(searchLetter!.text).not.toContain('Урок про другое');
    const [collectionLetter] = lettersTo(collected, 'новые материалы (');
    expect(collectionLetter!.subject).toContain('Подборка «Лучшее за осень»');
    expect(collectionLetter!.text).toContain('Урок из подборки');
    expect(collectionLetter!.text).toContain(`${PUBLIC_URL}/collections/${collection.globalId}`);
  });

  it('unsubscribes by the link or in one click from the mail program, harmlessly twice; a signed-in person sees and cancels their own', async () => {
    const subject = await buildSubject(app.em(), 'Логика');
    const email = address('leaver');
    const token = await subscribeAndConfirm(email, `subject=${subject.id}`);
    expect((await app.gql(CANCEL, { t: token })).data.cancelDigestSubscription.status).toBe('CANCELLED');
    expect((await app.gql(CANCEL, { t: token })).data.cancelDigestSubscription.status).toBe('CANCELLED');
    expect((await app.gql(CONFIRM, { t: token })).errors![0]!.extensions!.argument).toBe('token');
    await buildMaterial(app.em(), { subjects: [subject], publishedAt: new Date() });
    await sender().sendDue(new Date());
    expect(lettersTo(email, 'новые материалы (')).toHaveLength(0);

    const other = address('one-click');
    const second = await subscribeAndConfirm(other, `subject=${subject.id}`);
    const post = (secret: string) =>
      fetch(`${app.url}/digest/unsubscribe/${secret}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
    expect((await post(second)).status).toBe(200);
    expect((await post(second)).status).toBe(200);
    expect((await app.em().findOneOrFail(DigestSubscription, { email: other })).status).toBe('CANCELLED');
    const unknown = await post('y'.repeat(43));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Такой подписки нет');

    const reader = await signIn(app, Role.READER);
    const mine = `{ myDigestSubscriptions { id title status path } }`;
    expect((await app.gql(mine, {}, reader.token)).data.myDigestSubscriptions).toEqual([]);
    await subscribeAndConfirm(reader.email, `subject=${subject.id}`);
    const [own] = (await app.gql(mine, {}, reader.token)).data.myDigestSubscriptions;
    expect(own).toMatchObject({ title: 'Методическая база знаний: Логика', status: 'ACTIVE', path: `/?subject=${subject.id}` });
    const stranger = await signIn(app, Role.AUTHOR);
    const cancelMine = `mutation($id: ID!) { cancelMyDigestSubscription(id: $id) { status } }`;
    expect((await app.gql(cancelMine, { id: own.id }, stranger.token)).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect((await app.gql(cancelMine, { id: own.id }, reader.token)).data.cancelMyDigestSubscription.status).toBe('CANCELLED');
    expect((await app.gql(mine, {}, reader.token)).data.myDigestSubscriptions).toEqual([]);
    expect((await app.gql(mine)).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a bad address or selection naming the field, bounds the subscriptions of one address, and mails a repeated request once', async () => {
    const bad = await app.gql(SUBSCRIBE, { e: 'не адрес', f: 'q=дроби' });
    expect(bad.errors![0]!.message).toBe('Аргумент email: «не адрес» — не адрес электронной почты');
    expect(bad.errors![0]!.extensions!.argument).toBe('email');
    expect((await app.gql(SUBSCRIBE, { e: ' ', f: 'q=дроби' })).errors![0]!.message).toBe(
      'Аргумент email: укажите адрес электронной почты',
    );
    const kind = await app.gql(SUBSCRIBE, { e: address('bad'), f: 'kind=NOPE' });
    expect(kind.errors![0]!.extensions!.argument).toBe('feed');
    expect(kind.errors![0]!.message).toContain('kind=NOPE');
    expect(
      (await app.gql(SUBSCRIBE, { e: address('bad'), f: 'collection=00000000-0000-4000-8000-000000000000' })).errors![0]!.extensions!
        .argument,
    ).toBe('feed');
    expect((await app.gql(SUBSCRIBE, { e: address('bad'), f: 'q=' + 'а'.repeat(2100) })).errors![0]!.extensions!.argument).toBe('feed');

    const email = address('greedy');
    const subjects = await Promise.all(
      Array.from({ length: MAX_SUBSCRIPTIONS_PER_ADDRESS + 1 }, (_, i) => buildSubject(app.em(), `Кружок ${process.pid}-${i}`)),
    );
    for (const s of subjects.slice(0, MAX_SUBSCRIPTIONS_PER_ADDRESS))
      expect((await app.gql(SUBSCRIBE, { e: email, f: `subject=${s.id}` })).errors).toBeUndefined();
    const over = await app.gql(SUBSCRIBE, { e: email, f: `subject=${subjects.at(-1)!.id}` });
    expect(over.errors![0]!.extensions!.argument).toBe('email');
    expect(over.errors![0]!.message).toContain(`уже оформлено ${MAX_SUBSCRIPTIONS_PER_ADDRESS} подписок`);
    expect(await app.em().count(DigestSubscription, { email })).toBe(MAX_SUBSCRIPTIONS_PER_ADDRESS);

    // The same request again at once: the same answer, no second letter.
    const again = address('again');
    const feed = `subject=${subjects[0]!.id}`;
    await app.gql(SUBSCRIBE, { e: again, f: feed });
    await app.gql(SUBSCRIBE, { e: again, f: `${feed}&sort=NEWEST` });
    await mailbox.letterTo(again);
    // Letters go in order on one connection: a second one to `again` would have come before this one.
    const marker = address('marker');
    await app.gql(SUBSCRIBE, { e: marker, f: feed });
    await mailbox.letterTo(marker);
    expect(mailbox.letters.filter((l) => l.to.includes(again))).toHaveLength(1);

    await expect(new SubscriptionService(app.em(), undefined, CENTRE.name).subscribe(address('nomail'), feed, app.search)).rejects.toThrow(
      'Почта не настроена',
    );
  });
});
