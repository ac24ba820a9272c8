import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { createFragmentRegistry } from '@apollo/client/cache';
import { MATERIAL_LIST_FRAGMENT } from '../components/material-list.fragment.ts';
import { FILE_LIST_FRAGMENT } from '../features/files/fragments.ts';

const MATERIAL_TYPES = ['BestPractice', 'Publication', 'MethodologicalMaterial', 'NormativeDocument'];

export const apollo = new ApolloClient({
  link: new HttpLink({ uri: '/graphql' }),
  // Components own their fragments; queries spread them by name and the registry supplies the text.
  cache: new InMemoryCache({ possibleTypes: { Material: MATERIAL_TYPES }, fragments: createFragmentRegistry(FILE_LIST_FRAGMENT, MATERIAL_LIST_FRAGMENT) }),
});
