/**
 * `npm run screenshots`: the README's pictures (docs/images/*.png) of what GitHub shows for a gate: the job summary of
 * a pass and of a fail, and the pull request comment.
 *
 * Runs the committed bundle (dist/index.js) against the emulator's `demo` scenario with the demo's inputs, once as
 * is (pass) and once with thresholds the run misses and `comment: true` against the fake GitHub API (fail, and the
 * comment it writes). The Markdown is rendered as GitHub renders it: marked (GitHub-flavoured Markdown) in GitHub's
 * own stylesheet (github-markdown-css), and every ```mermaid block drawn by the `mermaid` package in the same page,
 * as github.com draws it. Headless Chromium (Debian's `chromium`) takes the pictures; the script fails when a chart
 * cannot be drawn, so a picture never shows a placeholder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { marked } from 'marked';
import { DEMO_SUITE, scenarios } from '../test/emulator/scenarios.ts';
import { DEFAULT_EMULATOR_KEY, startEmulator, type Emulator } from '../test/emulator/server.ts';
import { startFakeGitHub, type FakeGitHub } from '../test/fake-github/server.ts';
import { BUNDLE, runnerEnvironment } from '../test/e2e/harness.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(root, 'docs', 'images');
const WIDTH = 960;
const MERMAID = pathToFileURL(join(root, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js')).href;
const PULL_REQUEST = 7;

/** The demo's inputs (scripts/demos.ts); the fail case asks more of the run than it delivers. */
const PASS_INPUTS: Record<string, string> = {
  'suite-id': DEMO_SUITE,
  metadata: 'branch=feature/better-prompts\nsha=c0ffee1',
  'poll-interval': '1s',
  'max-failed-requests': '2%',
  thresholds: 'accuracy >= 0.85\nlatency_p95_ms <= 1000',
  'baseline-metadata': 'branch=main',
  'max-regression': 'accuracy: 0.02\n*: 5%',
  timeout: '2m',
};
const FAIL_INPUTS = { ...PASS_INPUTS, 'max-failed-requests': '0', thresholds: 'accuracy >= 0.9\nlatency_p95_ms <= 700' };

async function summaryOf(emulator: Emulator, inputs: Record<string, string>, github?: FakeGitHub): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gate-shot-'));
  const commentInputs: Record<string, string> = github ? { comment: 'true', 'github-token': 'ghs_screenshot_token' } : {};
  const { env, summaryPath } = await runnerEnvironment(
    dir,
    { ...inputs, ...commentInputs, 'api-key': emulator.apiKey, 'api-url': emulator.url },
    { event: { pull_request: { number: PULL_REQUEST } }, env: github ? { GITHUB_API_URL: github.url } : {} },
  );
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLE], { cwd: dir, env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => resolve());
  });
  return readFileSync(summaryPath, 'utf8');
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** GitHub's Markdown: marked for the text, the mermaid blocks left for mermaid to draw in the page. */
function renderMarkdown(markdown: string): string {
  const charts: string[] = [];
  const placeheld = markdown.replace(/```mermaid\n([\s\S]*?)```/g, (_all, source: string) => {
    charts.push(`<pre class="mermaid">${escapeHtml(source)}</pre>`);
    return `\n\nMERMAID-CHART-${charts.length - 1}\n\n`;
  });
  const html = marked.parse(placeheld, { gfm: true, async: false });
  return html.replace(/<p>MERMAID-CHART-(\d+)<\/p>/g, (_all, index: string) => charts[Number(index)]!);
}

/** A pull request comment as the conversation shows it: the bot's name above a bordered box. */
function commentFrame(body: string): string {
  return `<div class="comment"><div class="comment-header"><strong>github-actions</strong> <span class="bot">bot</span>
<span class="muted">commented</span></div><div class="markdown-body comment-body">${body}</div></div>`;
}

function page(content: string): string {
  const css = readFileSync(join(root, 'node_modules', 'github-markdown-css', 'github-markdown-light.css'), 'utf8');
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: #f6f8fa; font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.box { box-sizing: border-box; width: ${WIDTH}px; margin: 0; padding: 16px; }
.box > .markdown-body { box-sizing: border-box; padding: 24px 32px; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; }
.markdown-body pre.mermaid { background: #fff; text-align: center; }
.comment { border: 1px solid #d0d7de; border-radius: 6px; background: #fff; }
.comment-header { padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d0d7de; border-radius: 6px 6px 0 0; font-size: 14px; color: #1f2328; }
.comment-header .bot { border: 1px solid #d0d7de; border-radius: 2em; padding: 0 7px; font-size: 12px; color: #59636e; }
.comment-header .muted { color: #59636e; }
.comment-body { padding: 16px; }
</style></head><body><div class="box">${content}</div>
<script src="${MERMAID}"></script>
<script>
  // Titles carry the result out of the page: the height to photograph, or what went wrong with a chart.
  window.mermaid.initialize({ startOnLoad: false, theme: 'default', securityLevel: 'strict' });
  window.mermaid
    .run({ querySelector: 'pre.mermaid' })
    .then(() => {
      const drawn = document.querySelectorAll('pre.mermaid svg').length;
      const wanted = document.querySelectorAll('pre.mermaid').length;
      document.title = drawn === wanted ? 'height=' + Math.ceil(document.querySelector('.box').getBoundingClientRect().height)
        : 'error=' + (wanted - drawn) + ' chart(s) not drawn';
    })
    .catch((error) => { document.title = 'error=' + String(error && error.message || error).slice(0, 300); });
</script>
</body></html>`;
}

function chromium(args: string[]): string {
  const profile = mkdtempSync(join(tmpdir(), 'gate-shot-profile-'));
  // The flags of a closed network (node.md): no background connections, a fresh profile, time to draw the charts.
  const common = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    '--hide-scrollbars',
    '--force-device-scale-factor=1',
    '--allow-file-access-from-files',
    '--virtual-time-budget=15000',
  ];
  try {
    return execFileSync('chromium', [...common, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

function shoot(html: string, png: string): void {
  const file = join(mkdtempSync(join(tmpdir(), 'gate-shot-')), 'page.html');
  writeFileSync(file, html);
  // First pass: the page's height once the charts are drawn (its script writes it into the title); second: a
  // picture of exactly that.
  const title = /<title>([^<]*)<\/title>/.exec(chromium([`--window-size=${WIDTH},2000`, '--dump-dom', `file://${file}`]))?.[1] ?? '';
  const height = Number(/^height=(\d+)$/.exec(title)?.[1]);
  if (!Number.isFinite(height) || height <= 0) throw new Error(`could not render ${png}: ${title || 'the page set no title'}`);
  chromium([`--window-size=${WIDTH},${height}`, `--screenshot=${png}`, `file://${file}`]);
  console.log(`wrote ${png} (${WIDTH}×${height})`);
}

try {
  execFileSync('chromium', ['--version'], { stdio: 'ignore' });
} catch {
  console.error('npm run screenshots needs Chromium: apt-get update && apt-get install -y chromium fonts-noto-color-emoji');
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
const emulator = await startEmulator({ scenario: scenarios.demo!, apiKey: DEFAULT_EMULATOR_KEY });
const github = await startFakeGitHub({ token: 'ghs_screenshot_token' });
try {
  const pass = await summaryOf(emulator, PASS_INPUTS);
  const fail = await summaryOf(emulator, FAIL_INPUTS, github);
  const comment = github.commentsOn(PULL_REQUEST)[0]?.body;
  if (!/pass/i.test(pass.split('\n')[0] ?? '') || !/fail/i.test(fail.split('\n')[0] ?? '') || !comment) {
    throw new Error(`expected a pass and a fail summary and a comment, got:\n${pass.split('\n')[0]}\n${fail.split('\n')[0]}\n${comment}`);
  }
  shoot(page(`<article class="markdown-body">${renderMarkdown(pass)}</article>`), join(OUT, 'summary-pass.png'));
  shoot(page(`<article class="markdown-body">${renderMarkdown(fail)}</article>`), join(OUT, 'summary-fail.png'));
  shoot(page(commentFrame(renderMarkdown(comment))), join(OUT, 'pr-comment.png'));
} finally {
  await emulator.close();
  await github.close();
}
