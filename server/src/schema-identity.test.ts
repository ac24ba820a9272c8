import { GraphQLNonNull, GraphQLObjectType, GraphQLID } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildKbSchema } from './schema.ts';

/**
 * Types whose id is not their own Node's but is still global: minted from the parent's global id
 * and the child's place in it (a survey's question: the survey and its number).
 */
const CHILD_IDS = ['SurveyQuestion'];

describe('identities in the API', () => {
  it('gives every object with an `id` a global one: an ID of a Node, or a child id minted from its parent', async () => {
    const schema = await buildKbSchema();
    const withId = Object.values(schema.getTypeMap()).filter(
      (type): type is GraphQLObjectType =>
        type instanceof GraphQLObjectType && !type.name.startsWith('__') && ('id' in type.getFields() || '_id' in type.getFields()),
    );
    expect(withId.length).toBeGreaterThan(15);
    for (const type of withId) {
      const fields = type.getFields();
      // Apollo and Relay clients normalise by `id` (or `_id`): a per-parent number there («q1») makes two parents' children one object.
      expect('_id' in fields, type.name).toBe(false);
      const id = fields.id!.type;
      expect(id instanceof GraphQLNonNull && id.ofType === GraphQLID, `${type.name}.id is ${String(id)}`).toBe(true);
      const isNode = type.getInterfaces().some((i) => i.name === 'Node');
      expect(isNode || CHILD_IDS.includes(type.name), `${type.name} has an id but is neither a Node nor a known child`).toBe(true);
    }
  });
});
