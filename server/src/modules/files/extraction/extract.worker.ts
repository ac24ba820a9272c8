import { parentPort } from 'node:worker_threads';
import { extractContent, type ExtractionInput } from './extract-content.ts';

parentPort!.on('message', async ({ id, input }: { id: number; input: ExtractionInput }) => {
  try {
    parentPort!.postMessage({ id, result: await extractContent(input) });
  } catch (error) {
    parentPort!.postMessage({
      id,
      error: error instanceof Error ? error.message : String(error),
      name: error instanceof Error ? error.name : undefined,
    });
  }
});
