/**
 * `npm run screenshots`: pictures of the job summary for a pass and a fail, for the README (docs/images/*.png).
 *
 * Runs the committed bundle (dist/index.js) against the emulator's `demo` scenario with the demo's inputs, once as
 * is (pass) and once with a threshold the run misses (fail), takes the summaries it writes, renders them with marked
 * (GitHub-flavoured Markdown) in GitHub's own stylesheet (github-markdown-css) and photographs them with headless
 * Chromium (Debian's `chromium`: apt-get install -y chromium). GitHub draws the summary's Mermaid chart itself; a
 * browser without Mermaid cannot, so the picture shows a labelled placeholder where the chart goes.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import { DEMO_SUITE, scenarios } from '../test/emulator/scenarios.ts';
import { DEFAULT_EMULATOR_KEY, startEmulator, type Emulator } from '../test/emulator/server.ts';
import { runnerEnvironment } from '../test/e2e/harness.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(root, 'docs', 'images');
const WIDTH = 960;

/** The demo's inputs (scripts/demo.ts); the fail case asks more of the run than it delivers. */
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

async function summaryOf(emulator: Emulator, inputs: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gate-shot-'));
  const { env, summaryPath } = await runnerEnvironment(dir, { ...inputs, 'api-key': emulator.apiKey, 'api-url': emulator.url });
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist', 'index.js')], { cwd: dir, env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => resolve());
  });
  return readFileSync(summaryPath, 'utf8');
}

function page(markdown: string): string {
  const withoutMermaid = markdown.replace(
    /```mermaid\n[\s\S]*?```/g,
    '<p align="center"><i>(GitHub draws the Mermaid bar chart of the scores here)</i></p>',
  );
  const css = readFileSync(join(root, 'node_modules', 'github-markdown-css', 'github-markdown-light.css'), 'utf8');
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: #f6f8fa; }
.box { box-sizing: border-box; width: ${WIDTH}px; margin: 0; padding: 16px; }
.markdown-body { box-sizing: border-box; padding: 24px 32px; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; }
</style></head><body><div class="box"><article class="markdown-body">${marked.parse(withoutMermaid, { gfm: true, async: false })}</article></div>
<script>document.title = String(Math.ceil(document.querySelector('.box').getBoundingClientRect().height));</script>
</body></html>`;
}

function chromium(args: string[]): string {
  const common = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=1'];
  return execFileSync('chromium', [...common, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

function shoot(html: string, png: string): void {
  const file = join(mkdtempSync(join(tmpdir(), 'gate-shot-')), 'summary.html');
  writeFileSync(file, html);
  // First pass: the page's height (its script writes it into the title); second: a picture of exactly that.
  const height = Number(/<title>(\d+)<\/title>/.exec(chromium([`--window-size=${WIDTH},2000`, '--dump-dom', `file://${file}`]))?.[1]);
  if (!Number.isFinite(height) || height <= 0) throw new Error('could not measure the rendered summary');
  chromium([`--window-size=${WIDTH},${height}`, `--screenshot=${png}`, `file://${file}`]);
  console.log(`wrote ${png} (${WIDTH}×${height})`);
}

try {
  execFileSync('chromium', ['--version'], { stdio: 'ignore' });
} catch {
  console.error('npm run screenshots needs Chromium: apt-get update && apt-get install -y chromium');
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
const emulator = await startEmulator({ scenario: scenarios.demo!, apiKey: DEFAULT_EMULATOR_KEY });
try {
  const pass = await summaryOf(emulator, PASS_INPUTS);
  const fail = await summaryOf(emulator, FAIL_INPUTS);
  if (!/pass/i.test(pass.split('\n')[0] ?? '') || !/fail/i.test(fail.split('\n')[0] ?? '')) {
    throw new Error(`expected a pass and a fail summary, got:\n${pass.split('\n')[0]}\n${fail.split('\n')[0]}`);
  }
  shoot(page(pass), join(OUT, 'summary-pass.png'));
  shoot(page(fail), join(OUT, 'summary-fail.png'));
} finally {
  await emulator.close();
}
