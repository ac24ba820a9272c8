/**
 * Layering of server/src, checked by `npm run check:layers` (part of `npm test`).
 * A "folder" is a top-level folder of server/src (common, db, runtime, ...) or a module
 * (modules/<name>); the files at the root of server/src (app, context, config, server, ...)
 * compose the application and are left out. Tests are left out: they may import anything.
 */
module.exports = {
  forbidden: [
    {
      name: 'common-imports-no-module',
      comment:
        'common/ is shared by every module, so it must not depend on any of them: modules register into common instead (e.g. the node registry).',
      severity: 'error',
      from: { path: '^server/src/common/' },
      to: { path: '^server/src/modules/' },
    },
    {
      name: 'no-folder-cycle',
      comment: 'Folders depend on each other in one direction only: a cycle between folders means a concept lives in the wrong place.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.ts$', '^server/src/[^/]+\\.ts$'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
