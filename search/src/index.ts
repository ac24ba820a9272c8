export { createMeiliClient, isEngineHealthy, type MeiliConnection } from './client.ts';
export * from './documents.ts';
export * from './engine.ts';
export * from './highlight.ts';
export * from './russian.ts';
export { FACETS, materialSettings, type FacetName } from './settings.ts';
export * from './synonyms.ts';
export * from './relevance.ts';
export * from './understanding.ts';
