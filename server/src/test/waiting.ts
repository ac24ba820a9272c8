/**
 * How long a test waits for something that must happen (`vi.waitFor`, `expect.poll`, an answer) before
 * it calls it a hang. Generous on purpose: test files share two cores with each other, and every wait
 * ends as soon as its condition holds, so this limit decides only how late a real hang is reported,
 * never whether a busy machine passes. The server tests' timeout (vitest.config.ts) is above it; a test
 * that waits for several such things in a row sets a longer one.
 */
export const HANG_MS = 120_000;
