// The IDE in a real browser (`npm run test:browser`, run by .ci/run): starts the server on a fresh
// data directory with the demo county, signs in as the county's analyst, runs every example tab,
// shows each answer as a table (Chinese headers) and, where it fits, as a chart, downloads one as CSV
// and as xlsx with the export buttons and reads them back, and saves
// screenshots to test/browser/screenshots/. Chromium is Debian's (installed here when missing);
// playwright-core only drives it. Exits non-zero on the first failure.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOTS = join(ROOT, 'test', 'browser', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
const HAN = /[\u4e00-\u9fff]/;

const say = (line) => console.log(`browser: ${line}`);

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  say('installing Debian chromium and a CJK font');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env });
}

/** A port nobody listens on now (the embedded PostgreSQL needs a number of its own). */
const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/** `npm start` on a fresh data directory and port 0; resolves with its URL once it serves. */
async function startServer(dataDir) {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      SEED_SIZE: 'demo',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = globalThis.setTimeout(() => reject(new Error('the server did not start within 180 s')), 180_000);
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const found = /"url":"(http:\/\/[^"]+)"/.exec(seen);
      if (found) {
        globalThis.clearTimeout(timer);
        resolve(found[1].replace('localhost', '127.0.0.1'));
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`the server exited (${code}) before serving:\n${seen.slice(-2000)}`)),
    );
  });
  child.stdout.resume();
  return { child, url };
}

async function main() {
  ensureChromium();
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.mjs')], { cwd: ROOT, stdio: 'inherit' });
  mkdirSync(SHOTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'jiceng-browser-data-'));
  const profile = mkdtempSync(join(tmpdir(), 'jiceng-browser-profile-'));
  let server;
  let context;
  try {
    server = await startServer(dataDir);
    say(`server at ${server.url}`);
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const problems = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));

    // First load: what travels over the wire, and what the files hold.
    const loaded = [];
    page.on('requestfinished', (req) => loaded.push(req));
    await page.goto(server.url, { waitUntil: 'networkidle' });
    let wire = 0;
    let raw = 0;
    for (const req of loaded) {
      const res = await req.response();
      if (!res) continue;
      wire += (await req.sizes()).responseBodySize;
      raw += (await res.body()).length;
    }
    say(`first load: ${loaded.length} requests, ${wire} bytes over the wire, ${raw} bytes unpacked`);
    const mainJs = await page.request.get(`${server.url.replace('/graphql', '')}/ide/main.js`, {
      headers: { 'accept-encoding': 'br, gzip' },
    });
    if (mainJs.headers()['content-encoding'] !== 'br') throw new Error('main.js was not sent brotli-compressed');
    const icon = await page.request.get(`${server.url.replace('/graphql', '')}/favicon.ico`);
    if (!icon.ok() || !icon.headers()['content-type'].startsWith('image/svg+xml')) throw new Error('no favicon');

    // Sign in: the demo hint is there, since demo data is loaded.
    await page.getByText('jiceng-demo-2026').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SHOTS, '00-sign-in.png') });
    await page.getByLabel('username').fill('analyst');
    await page.getByLabel('password').fill('jiceng-demo-2026');
    await page.getByRole('button', { name: '登录 Sign in' }).click();
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 60_000 });
    // The schema (for the table's Chinese headers) arrives by introspection.
    await page.waitForLoadState('networkidle');

    const tabs = page.locator('.graphiql-tab-button');
    const count = await tabs.count();
    if (count < 10) throw new Error(`expected at least 10 example tabs, found ${count}`);
    const answers = { wire: 0, raw: 0 };
    for (let i = 0; i < count; i++) {
      await tabs.nth(i).click();
      const name = (await tabs.nth(i).innerText()).trim();
      await page.getByRole('tab', { name: 'JSON' }).click();
      const answered = page.waitForResponse(
        (r) =>
          r.url().endsWith('/graphql') && r.request().method() === 'POST' && r.request().postData()?.includes(name),
        { timeout: 60_000 },
      );
      await page.locator('.graphiql-execute-button').click();
      const response = await answered;
      const body = await response.json();
      answers.wire += (await response.request().sizes()).responseBodySize;
      answers.raw += (await response.body()).length;
      if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors).slice(0, 500)}`);
      await page.getByRole('tab', { name: '表格 Table' }).click();
      const headers = page.locator('.jc-table th');
      await headers.first().waitFor({ timeout: 20_000 });
      if (await page.locator('.jc-errors').count()) throw new Error(`${name}: the IDE shows errors`);
      const labels = await headers.allInnerTexts();
      const chinese = labels.filter((l) => HAN.test(l));
      if (chinese.length < Math.ceil(labels.length / 2))
        throw new Error(`${name}: headers not in Chinese: ${labels.join(', ')}`);
      const rows = await page.locator('.jc-table tbody tr').count();
      const shot = `${String(i + 1).padStart(2, '0')}-${name}`;
      await page.screenshot({ path: join(SHOTS, `${shot}-table.png`) });
      await page.getByRole('tab', { name: '图表 Chart' }).click();
      const drawn = (await page.locator('.jc-chart').count()) > 0;
      if (drawn) await page.screenshot({ path: join(SHOTS, `${shot}-chart.png`) });
      say(`${name}: ${rows} rows, headers ${labels.slice(0, 6).join(' | ')}${drawn ? '; chart drawn' : ''}`);
    }

    say(`the examples' answers: ${answers.wire} bytes over the wire, ${answers.raw} bytes unpacked`);

    // One click to a spreadsheet: the weekly tab's query as CSV and as xlsx, read back.
    await page.locator('.graphiql-tab-button', { hasText: 'WeeklyReporting' }).click();
    const download = async (label) => {
      const [file] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByRole('button', { name: label }).click(),
      ]);
      const saved = join(SHOTS, file.suggestedFilename());
      await file.saveAs(saved);
      return saved;
    };
    const csvFile = await download('导出 CSV — export as CSV');
    const csv = readFileSync(csvFile, 'utf8');
    if (!csv.startsWith('\uFEFF')) throw new Error('the CSV has no byte-order mark (Excel would misread its Chinese)');
    const csvLines = csv.slice(1).trim().split('\r\n');
    const csvHeaders = csvLines[0].split(',');
    if (!csvHeaders.every((h) => HAN.test(h))) throw new Error(`CSV headers not in Chinese: ${csvLines[0]}`);
    if (csvLines.length < 2) throw new Error('the CSV holds no rows');
    const xlsxFile = await download('导出 Excel — export as xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxFile);
    const sheet = workbook.worksheets[0];
    const xlsxHeaders = sheet.getRow(1).values.slice(1).map(String);
    if (xlsxHeaders.join(',') !== csvLines[0])
      throw new Error(`xlsx headers ${xlsxHeaders.join(',')} differ from the CSV's ${csvLines[0]}`);
    if (sheet.actualRowCount !== csvLines.length)
      throw new Error(`xlsx has ${sheet.actualRowCount - 1} rows, the CSV ${csvLines.length - 1}`);
    say(
      `export: ${csvFile.split('/').pop()} and ${xlsxFile.split('/').pop()}, ${csvLines.length - 1} rows each, headers ${csvLines[0]}`,
    );

    // An error in words: a date that does not exist in the variables of the vacancies tab.
    await tabs.nth(2).click();
    await page.getByRole('tab', { name: 'JSON' }).click();
    await page.locator('.graphiql-editor-tool .monaco-editor').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    // The editor closes the brace itself.
    await page.keyboard.insertText('{ "endingBefore": "2026-02-30" ');
    await page.locator('.graphiql-execute-button').click();
    const shown = page.locator('.jc-errors');
    await shown.waitFor({ timeout: 20_000 });
    const words = await shown.innerText();
    if (!HAN.test(words.replace('查询出错', ''))) throw new Error(`the error is not shown in Chinese: ${words}`);
    await page.screenshot({ path: join(SHOTS, '11-error.png') });
    say(`an error in words: ${words.replace(/\s+/g, ' ').slice(0, 160)}`);

    // Finding in Chinese: 销号 finds the issue figures' field through its description.
    await page.getByRole('button', { name: 'Show 查找 Find (中文)' }).click();
    await page.getByRole('textbox', { name: '查找 find' }).fill('销号');
    await page.locator('.jc-hit-where', { hasText: 'IssueStats.closed' }).first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SHOTS, '12-find.png') });
    await page.locator('.jc-hit-where', { hasText: 'IssueStats.closed' }).first().click();
    await page.locator('.graphiql-doc-explorer-title', { hasText: 'closed' }).waitFor({ timeout: 10_000 });
    say('find: 销号 → IssueStats.closed, opened in Docs');

    if (problems.length) throw new Error(problems.join('\n'));
    say(`ok: ${count} examples run, screenshots in ${SHOTS}`);
  } finally {
    await context?.close().catch(() => {});
    if (server) {
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      server.child.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000)]);
    }
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`browser: FAILED: ${err.stack ?? err}`);
  process.exit(1);
});
