import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { buildMaterial } from '../../test/factories.ts';
import { useTestApp } from '../../test/harness.ts';
import { signIn } from '../../test/sign-in.ts';
import { Role, User } from '../accounts/user.entity.ts';
import { MaterialKind, MaterialStatus } from '../materials/material.enums.ts';
import { Review, ReviewDecision } from './review.entity.ts';

const app = useTestApp();

const CRITERIA = ['relevance', 'novelty', 'practical_value', 'reproducibility', 'presentation'];
const review = (decision: string, score: number, comment: string) => ({
  scores: CRITERIA.map((code) => ({ code, score })),
  decision,
  comment,
});
const SUBMIT = `mutation($id: ID!, $review: ReviewInput!) { submitReview(id: $id, review: $review) { id decision comment updatedAt scores { code score } } }`;
const HISTORY = `query($id: ID!) { material(id: $id) { reviews { id decision comment } revisions { action changes } } }`;

/** A material on review with an expert assigned, as the methodist's desk leaves it. */
async function assigned() {
  const [expert, methodist] = [await signIn(app, Role.EXPERT), await signIn(app, Role.METHODIST)];
  const material = await buildMaterial(app.em(), { kind: MaterialKind.PUBLICATION, status: MaterialStatus.IN_REVIEW });
  const assignment = await app.gql(
    `mutation($id: ID!, $r: ID!) { assignReviewer(id: $id, reviewerId: $r) { id } }`,
    { id: material.globalId, r: expert.id },
    methodist.token,
  );
  expect(assignment.errors).toBeUndefined();
  return { id: material.globalId, key: material.id, expert, methodist };
}

const reviewRows = (materialKey: string) => app.em().count(Review, { material: materialKey });

describe('expert review', () => {
  it('keeps one review per expert and material: submitting again updates that review and records the change in the history', async () => {
    const { id, key, expert, methodist } = await assigned();
    const first = await app.gql(SUBMIT, { id, review: review('REVISE', 2, 'Доработать выводы') }, expert.token);
    expect(first.errors).toBeUndefined();
    const second = await app.gql(SUBMIT, { id, review: review('RECOMMEND', 5, 'Выводы доработаны, рекомендую') }, expert.token);
    expect(second.errors).toBeUndefined();

    expect(second.data.submitReview.id).toBe(first.data.submitReview.id);
    // The page shows when the conclusion was last corrected.
    expect(Date.parse(second.data.submitReview.updatedAt)).toBeGreaterThan(Date.parse(first.data.submitReview.updatedAt));
    expect(await reviewRows(key)).toBe(1);
    const seen = (await app.gql(HISTORY, { id }, methodist.token)).data.material;
    expect(seen.reviews).toEqual([{ id: first.data.submitReview.id, decision: 'RECOMMEND', comment: 'Выводы доработаны, рекомендую' }]);
    expect(seen.revisions.filter((r: any) => r.action === 'reviewed').map((r: any) => r.changes.decision)).toEqual([
      ['REVISE', 'RECOMMEND'],
      [null, 'REVISE'],
    ]);
  });

  it('refuses to change a review once the material is published, saying so, and keeps the review as it was', async () => {
    const { id, key, expert, methodist } = await assigned();
    expect((await app.gql(SUBMIT, { id, review: review('RECOMMEND', 4, 'Рекомендую') }, expert.token)).errors).toBeUndefined();
    expect((await app.gql(`mutation($id: ID!) { publishMaterial(id: $id) { status } }`, { id }, methodist.token)).errors).toBeUndefined();

    const late = await app.gql(SUBMIT, { id, review: review('REJECT', 0, 'Передумал') }, expert.token);
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
    expect(late.errors?.[0]?.message).toBe('Аргумент id: материал уже опубликован — заключение эксперта после публикации не меняется');
    const kept = await app.em().find(Review, { material: key });
    expect(kept.map((r) => [r.decision, r.comment])).toEqual([[ReviewDecision.RECOMMEND, 'Рекомендую']]);
  });

  it('leaves one review and answers no server error when the expert submits several times at once', async () => {
    const { id, key, expert } = await assigned();
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((score) => app.gql(SUBMIT, { id, review: review('RECOMMEND', score, `Вариант ${score}`) }, expert.token)),
    );
    expect(answers.map((a) => a.errors?.[0]?.message)).toEqual(Array(5).fill(undefined));
    expect(await reviewRows(key)).toBe(1);
    expect(new Set(answers.map((a) => a.data.submitReview.id)).size).toBe(1);
  });

  it('has the database refuse a second review row by the same expert for the same material', async () => {
    const { key, expert } = await assigned();
    const em = app.em();
    const reviewerKey = (await em.findOneOrFail(User, { email: expert.email })).id;
    const row = () => em.create(Review, { material: key, reviewer: reviewerKey, scores: {}, decision: ReviewDecision.RECOMMEND });
    row();
    await em.flush();
    row();
    await expect(em.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  });
});
