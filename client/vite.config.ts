import { defineConfig } from 'vite';
import { precompiledGql } from './build/precompile-gql.ts';

export default defineConfig({
  // JSX with React's automatic runtime, compiled by Vite's own transformer.
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [precompiledGql()],
  server: {
    proxy: Object.fromEntries(
      ['/graphql', '/certificates', '/verify', '/files', '/api'].map((prefix) => [prefix, 'http://localhost:4000']),
    ),
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    // dist/.vite/manifest.json: the server reads which chunks a page needs and preloads them with the HTML.
    manifest: true,
    rollupOptions: {
      output: {
        // Libraries in chunks of their own: a phone evaluates several short scripts instead of one
        // long task, and a new release of our code leaves the cached libraries valid.
        manualChunks(id: string) {
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          if (/node_modules\/(rxjs|tslib)\//.test(id)) return 'rxjs';
          if (/node_modules\/graphql\//.test(id)) return 'graphql';
          if (/node_modules\/(@apollo|@wry|optimism)/.test(id)) return 'apollo';
          return undefined;
        },
      },
    },
  },
});
