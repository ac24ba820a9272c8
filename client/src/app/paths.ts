/**
 * The client's pages by path, in one place: the router renders them, and the server answers 404
 * for any other path and fills in the head (title, description, links) of the public ones.
 * Plain data without browser or React imports, so the server imports this file as it is.
 */
export const PAGES = {
  search: /^\/$/,
  login: /^\/login$/,
  my: /^\/my$/,
  review: /^\/review$/,
  reviewMaterial: /^\/review\/([^/]+)$/,
  media: /^\/media$/,
  reports: /^\/reports$/,
  surveys: /^\/surveys$/,
  editor: /^\/my\/materials\/([^/]+)$/,
  history: /^\/my\/materials\/([^/]+)\/history$/,
  material: /^\/materials\/([^/]+)$/,
  person: /^\/people\/([^/]+)$/,
  collection: /^\/collections\/([^/]+)$/,
  organization: /^\/organizations\/([^/]+)$/,
  survey: /^\/surveys\/([^/]+)$/,
  synonyms: /^\/synonyms$/,
  admin: /^\/admin$/,
  dictionaries: /^\/dictionaries$/,
  import: /^\/import$/,
  collectionsDesk: /^\/manage\/collections$/,
  collectionEditor: /^\/manage\/collections\/([^/]+)$/,
  directory: /^\/directory\/(organizations|people)$/,
  resetPassword: /^\/reset-password$/,
  digestConfirm: /^\/digest\/confirm\/([^/]+)$/,
  digestUnsubscribe: /^\/digest\/unsubscribe\/([^/]+)$/,
} as const;

export type PageName = keyof typeof PAGES;

export interface PageMatch {
  page: PageName;
  /** The id or link in the path, decoded. */
  param: string;
}

/** The page a path shows, or null for a path that is no page (the 404 page). */
export function matchPage(pathname: string): PageMatch | null {
  for (const [page, pattern] of Object.entries(PAGES) as Array<[PageName, RegExp]>) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    try {
      return { page, param: match[1] === undefined ? '' : decodeURIComponent(match[1]) };
    } catch {
      return null;
    }
  }
  return null;
}

/** Pages of one person's work: search engines leave them out. */
export const PRIVATE_PAGES: readonly PageName[] = [
  'login',
  'my',
  'review',
  'reviewMaterial',
  'reports',
  'editor',
  'history',
  'surveys',
  'survey',
  'synonyms',
  'admin',
  'dictionaries',
  'import',
  'resetPassword',
  'digestConfirm',
  'digestUnsubscribe',
  'collectionsDesk',
  'collectionEditor',
  'directory',
];

/**
 * The module that draws each page, as the build's manifest names it: the server preloads the page's
 * chunk with the HTML, so that it loads beside the entry instead of after it. `main.tsx` imports
 * the same modules (its test checks the two agree); the search page is part of the entry.
 */
export const PAGE_MODULES: Record<PageName, string> = {
  search: 'src/pages/SearchPage.tsx',
  login: 'src/pages/LoginPage.tsx',
  my: 'src/pages/MyMaterialsPage.tsx',
  review: 'src/pages/ReviewDeskPage.tsx',
  reviewMaterial: 'src/pages/ReviewPage.tsx',
  media: 'src/pages/MediaLibraryPage.tsx',
  reports: 'src/pages/ReportsPage.tsx',
  surveys: 'src/pages/SurveysPage.tsx',
  editor: 'src/pages/MaterialEditorPage.tsx',
  history: 'src/pages/MaterialHistoryPage.tsx',
  material: 'src/pages/MaterialPage.tsx',
  person: 'src/pages/PersonPage.tsx',
  collection: 'src/pages/CollectionPage.tsx',
  organization: 'src/pages/OrganizationPage.tsx',
  survey: 'src/pages/SurveyPage.tsx',
  synonyms: 'src/pages/SynonymsPage.tsx',
  admin: 'src/pages/AdminPage.tsx',
  dictionaries: 'src/pages/DictionariesPage.tsx',
  import: 'src/pages/ImportPage.tsx',
  collectionsDesk: 'src/pages/CollectionsDeskPage.tsx',
  collectionEditor: 'src/pages/CollectionEditorPage.tsx',
  directory: 'src/pages/DirectoryPage.tsx',
  resetPassword: 'src/pages/ResetPasswordPage.tsx',
  digestConfirm: 'src/pages/DigestLinkPage.tsx',
  digestUnsubscribe: 'src/pages/DigestLinkPage.tsx',
};
