/**
 * The release workflow's decision about the moving major tag (`v1`), for a published release `vX.Y.Z`:
 *
 *   node scripts/release-tag.ts --tag v1.2.3 --prerelease false
 *
 * - The release commit must be on `main` (reviewed code only): otherwise this fails, and nothing moves.
 * - A pre-release (GitHub's "Set as a pre-release", or a semver suffix such as `v1.3.0-rc.1`) never moves `v1`.
 * - `v1` never moves backwards: only the newest `v1.x.y` release tag moves it. A fix published for an older minor
 *   (`v1.2.4` after `v1.3.0`) is a release of its own, but `v1` stays on `v1.3.0`.
 * Writes `move=true|false` and `major=vN` to GITHUB_OUTPUT (when set) and says why on stdout and in the job summary. Only Node built-ins, so
 * it runs before `npm ci`.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export interface Semver {
  major: number;
  minor: number;
  patch: number;
  /** The pre-release suffix after `-` (`rc.1`), or undefined for a release. */
  pre?: string;
}

export interface ReleaseFacts {
  tag: string;
  /** GitHub's pre-release flag of the release. */
  prerelease: boolean;
  /** Every tag of the repository (the release's own included). */
  tags: string[];
  /** Whether the release commit is reachable from `main`. */
  onMain: boolean;
}

export type MajorTagDecision = { ok: true; move: boolean; major: string; why: string } | { ok: false; why: string };

export function parseVersionTag(tag: string): Semver | undefined {
  const match = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/.exec(tag);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), pre: match[4] };
}

function compare(a: Semver, b: Semver): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function decideMajorTag(facts: ReleaseFacts): MajorTagDecision {
  const version = parseVersionTag(facts.tag);
  if (!version) return { ok: false, why: `release tag "${facts.tag}" is not vMAJOR.MINOR.PATCH (optionally -PRERELEASE)` };
  if (!facts.onMain) return { ok: false, why: `${facts.tag} is not on main: a release is a commit that landed on main` };
  const major = `v${version.major}`;
  if (facts.prerelease || version.pre !== undefined) {
    return { ok: true, move: false, major, why: `${facts.tag} is a pre-release: ${major} stays where it is` };
  }
  const newest = facts.tags
    .map((tag) => ({ tag, version: parseVersionTag(tag) }))
    .filter((t) => t.version && t.version.pre === undefined && t.version.major === version.major)
    .sort((a, b) => compare(b.version!, a.version!))[0];
  if (newest && compare(newest.version!, version) > 0) {
    return { ok: true, move: false, major, why: `${newest.tag} is newer than ${facts.tag}: ${major} never moves backwards` };
  }
  return { ok: true, move: true, major, why: `${facts.tag} is the newest release of ${major}: ${major} moves to it` };
}

function git(...args: string[]): string {
  return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function isOnMain(): boolean {
  try {
    git('merge-base', '--is-ancestor', 'HEAD', 'refs/remotes/origin/main');
    return true;
  } catch {
    return false;
  }
}

function main(): number {
  const { values } = parseArgs({ options: { tag: { type: 'string', default: '' }, prerelease: { type: 'string', default: 'false' } } });
  const decision = decideMajorTag({
    tag: values.tag,
    prerelease: values.prerelease === 'true',
    tags: git('tag', '--list', 'v*').split('\n').filter(Boolean),
    onMain: isOnMain(),
  });
  if (!decision.ok) {
    console.error(decision.why);
    return 1;
  }
  console.log(decision.why);
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `move=${decision.move}\nmajor=${decision.major}\n`);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${decision.why}\n`);
  return 0;
}

if (import.meta.main) process.exitCode = main();
