export { createMeiliClient, isEngineHealthy, type MeiliConnection } from './client.ts';
