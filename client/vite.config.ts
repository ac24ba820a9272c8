import { defineConfig } from 'vite';

export default defineConfig({
  // JSX with React's automatic runtime, compiled by Vite's own transformer.
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/graphql': 'http://localhost:4000', '/certificates': 'http://localhost:4000', '/verify': 'http://localhost:4000' } },
  build: { outDir: 'dist', sourcemap: false },
});
