/**
 * Setup file of the end-to-end project: every file waits here until the bundle that test/global-setup.ts builds in
 * the background is in dist/ (or fails with the build's error), so no test spawns a stale or half-built bundle.
 */
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';

export interface BundleStatus {
  ok: boolean;
  /** Why the build failed (ncc's output). */
  error?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The file test/global-setup.ts writes once the bundle build has ended. */
    bundleStatus: string;
  }
}

/** Longer than any build on a loaded machine: a build that hangs fails the files instead of hanging them. */
const BUILD_LIMIT_MS = 10 * 60_000;

async function bundleBuilt(statusFile: string): Promise<void> {
  const end = performance.now() + BUILD_LIMIT_MS;
  for (;;) {
    const text = await readFile(statusFile, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      const status = JSON.parse(text) as BundleStatus;
      if (status.ok) return;
      throw new Error(status.error ?? 'the bundle build failed');
    }
    if (performance.now() > end) throw new Error(`the bundle build did not end within ${BUILD_LIMIT_MS / 60_000} minutes`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

await bundleBuilt(inject('bundleStatus'));
