import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';

const MATERIAL_TYPES = ['BestPractice', 'Publication', 'MethodologicalMaterial', 'NormativeDocument'];

export const apollo = new ApolloClient({
  link: new HttpLink({ uri: '/graphql' }),
  cache: new InMemoryCache({ possibleTypes: { Material: MATERIAL_TYPES } }),
});
