import { MeiliSearch } from 'meilisearch';

export interface MeiliConnection {
  url: string;
  apiKey?: string;
}

export function createMeiliClient({ url, apiKey }: MeiliConnection): MeiliSearch {
  return new MeiliSearch({ host: url, apiKey, timeout: 5000 });
}

/** True when the engine answers its health check within the client's timeout. */
export async function isEngineHealthy(client: MeiliSearch): Promise<boolean> {
  try {
    return (await client.health()).status === 'available';
  } catch {
    return false;
  }
}
