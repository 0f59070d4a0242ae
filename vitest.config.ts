import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Unit tests and the emulator's conformance tests (every test outside test/e2e): no bundle needed,
          // so `npm run test:unit` runs them alone, without the build.
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/e2e/**'],
          // First, while the bundle builds in the background: CPU-bound, one worker per core. The files share
          // their workers (nothing outside a test keeps state: clock, sleep and dispatcher are injected), which
          // halves the CPU spent loading the same modules again for every file.
          sequence: { groupOrder: 0 },
          maxWorkers: '100%',
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // End-to-end tests spawn the bundle: build it once, from the sources under test (in the background;
          // each file waits for it in the setup file).
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/e2e/bundle-ready.ts'],
          sequence: { groupOrder: 1, concurrent: true },
          // Each case starts its own emulator and bundle process and mostly waits on sockets and timers: the
          // files run side by side, and so do the cases of a file (a file whose cases share state opts out with
          // { concurrent: false }). At most 4 files x 4 cases at once: enough to keep 2 cores busy, few enough that a
          // loaded machine still answers a poll well within the gate's 500 ms final-check reserve.
          maxWorkers: 4,
          maxConcurrency: 4,
          // Workers are reused across files, as for the unit tests (each case has its own emulator).
          isolate: false,
        },
      },
    ],
  },
});
