#!/usr/bin/env node
// Builds the sample repository used by `npm run demo`, the integration suite and the UI tests: a payments service with
// about fourteen months of history from eight people, where "me" is Alex Rivera. Real git, real commits (porcelain
// `git commit`, `git mv`, `git merge --no-ff`), with chosen authors, committers, dates and trailers.
//
//   node scripts/makeSampleRepo.mjs DIR [--force]        (or: import { makeSampleRepo } from './makeSampleRepo.mjs')
//
// The content is deterministic. Dates are relative to today: the history ends on the last Friday at least two days
// ago, so the default 12-month period always has data and the commit ids only change once a week.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

// ---------------------------------------------------------------------------------------------------------- people
const person = (name, email, tz) => ({ name, email, tz });
export const ME = person('Alex Rivera', 'alex.rivera@example.com', '+0100');
const ALEX_OLD = person('alex', 'alex@old-laptop.local', '+0100'); // before the new laptop; folded by .mailmap
const PRIYA = person('Priya Shah', 'priya.shah@example.com', '+0530');
const MARCUS_OLD = person('Marcus Chen', 'mchen@contractor.example.net', '-0800'); // folded by .mailmap
const MARCUS = person('Marcus Chen', 'marcus.chen@example.com', '-0800');
const SOFIA = person('Sofia Alvarez', 'sofia.alvarez@example.com', '+0100');
const JONAS = person('Jonas Weber', 'jonas.weber@example.com', '+0100');
const NIA = person('Nia Okafor', 'nia.okafor@example.com', '+0100');
const TOMAS = person('Tomás Ruiz', 'tomas.ruiz@example.com', '-0300');
const MEI = person('Mei Tanaka', 'mei.tanaka@example.com', '+0900');
const BOT = person('dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com', '+0000');
const GITHUB = person('GitHub', 'noreply@github.com', '+0000');
const CLAUDE = person('Claude', 'noreply@anthropic.com', '+0000');

const MAILMAP = `# Old addresses folded into current ones (git shortlog, git log --use-mailmap, git check-mailmap)
${ME.name} <${ME.email}> <${ALEX_OLD.email}>
${MARCUS.name} <${MARCUS.email}> <${MARCUS_OLD.email}>
`;

/** Days of history: ~14 months. Day 0 is the first commit, day SPAN the last Friday at least two days ago. */
const SPAN = 425;
const DAY = 86400;

// ----------------------------------------------------------------------------------------------- deterministic PRNG
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ------------------------------------------------------------------------------------------------ text generators
const WORDS = {
  billing: ['amount', 'currency', 'invoiceId', 'customerId', 'taxRate', 'dueDate', 'lineItems', 'discount', 'capturedAt', 'attempt', 'plan', 'credit'],
  search: ['query', 'terms', 'score', 'boost', 'limit', 'offset', 'facets', 'tokens', 'shard', 'docId', 'synonyms', 'cursor'],
  api: ['requestId', 'status', 'headers', 'route', 'userId', 'timeoutMs', 'body', 'retryAfter', 'version', 'locale', 'tenant', 'signature'],
};
const NOUNS = {
  billing: [
    'InvoiceTotal',
    'Proration',
    'CaptureRetry',
    'Refund',
    'TaxLine',
    'CreditNote',
    'DunningStep',
    'Coupon',
    'LateFee',
    'LedgerEntry',
    'Payout',
    'TrialEnd',
  ],
  search: ['Query', 'Ranking', 'Facet', 'Snippet', 'Synonym', 'Tokenizer', 'ShardPlan', 'Cursor', 'Highlight', 'Filter', 'Boost', 'Suggestion'],
  api: ['Request', 'Response', 'RateLimit', 'Webhook', 'Session', 'ErrorBody', 'Pagination', 'Header', 'Route', 'Tenant', 'ApiKey', 'Health'],
};
const VERBS = ['compute', 'resolve', 'validate', 'normalize', 'apply', 'build', 'parse', 'format', 'load', 'merge', 'score', 'split'];
const SUBJECT_OBJECTS = {
  billing: [
    'invoice totals',
    'proration on plan downgrades',
    'card capture retries',
    'partial refunds',
    'tax rounding',
    'credit notes',
    'dunning emails',
    'coupon stacking',
    'late fees',
    'ledger entries',
    'payout batching',
    'trial expiry',
    'currency conversion',
    'invoice numbering',
  ],
  search: [
    'query parsing',
    'result ranking',
    'facet counts',
    'snippet highlighting',
    'synonym expansion',
    'tokenizer edge cases',
    'shard fan-out',
    'cursor pagination',
    'empty queries',
    'stop words',
    'index warm-up',
    'suggestions',
  ],
  api: [
    'request validation',
    'error responses',
    'rate limit headers',
    'webhook signatures',
    'session expiry',
    'pagination links',
    'API key rotation',
    'health checks',
    'tenant routing',
    'request logging',
    'timeouts',
    'CORS preflight',
  ],
  docs: [
    'the billing lifecycle',
    'local setup',
    'the release process',
    'webhook payloads',
    'error codes',
    'on-call runbook',
    'search tuning',
    'API versioning',
    'data retention',
  ],
  test: ['invoice listing', 'search ranking', 'webhook retries', 'API error paths', 'refund flows', 'pagination', 'currency rounding', 'rate limiting'],
};
const SUBJECT_VERBS = {
  code: ['Fix', 'Handle', 'Simplify', 'Validate', 'Log', 'Cache', 'Speed up', 'Tidy up', 'Harden', 'Refactor'],
  docs: ['Document', 'Clarify', 'Expand notes on', 'Fix links in the docs for', 'Update the guide to'],
  test: ['Add tests for', 'Cover edge cases in', 'Stabilise flaky test for', 'Speed up tests for', 'Share fixtures for'],
};
const SENTENCES = [
  'Every capture is keyed by the idempotency key the client sends, so a retry can never charge twice.',
  'Amounts are integers in the minor unit of their currency; rounding happens once, at the end.',
  'The search index is rebuilt from the ledger at start-up and updated incrementally afterwards.',
  'Webhook deliveries are retried with exponential backoff for up to 24 hours.',
  'Errors are returned as a problem+json body with a stable `code` field.',
  'Tenants are isolated by key prefix; no query may cross tenants.',
  'Run `npm test` before pushing; CI runs the same command.',
  'On-call first checks the capture queue depth, then the payment provider status page.',
  'Invoices are immutable once finalised; corrections are issued as credit notes.',
  'We prefer small pull requests with a clear description of the user-visible change.',
  'Latency budgets: p95 below 200 ms for reads and 500 ms for captures.',
  'Feature flags live in the config service and default to off.',
  'Data older than seven years is archived to cold storage and removed from the index.',
  'The API is versioned by date in the `Api-Version` header.',
];
const BODIES = [
  'The previous behaviour surprised support twice last month.',
  'No behaviour change for existing customers.',
  'This keeps the hot path free of allocations.',
  'Found while looking into a support ticket.',
  'Follow-up to the review comments on the last change.',
  'Measured locally: about 30% fewer calls to the provider.',
  'Keeps the logs readable when several tenants fail at once.',
];

class Text {
  constructor(rand) {
    this.rand = rand;
  }
  pick(list) {
    return list[Math.floor(this.rand() * list.length)];
  }
  int(lo, hi) {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }
  chance(p) {
    return this.rand() < p;
  }

  /** One single-line statement (safe to insert or remove anywhere in a function body). */
  simpleStatement(area, name, arg) {
    const w = WORDS[area] ?? WORDS.api;
    const [a, b, n] = [this.pick(w), this.pick(w), (this.serial = (this.serial ?? 0) + 1)];
    switch (this.int(0, 3)) {
      case 0:
        return `  const ${a}${n} = ${arg}.${b} ?? ${this.int(0, 500)};`;
      case 1:
        return `  const ${a}List${n} = ${arg}.items.filter(item => item.${b} !== undefined);`;
      case 2:
        return `  log.debug('${name}', { ${a}: ${arg}.${a} });`;
      default:
        return `  assert(${arg}.${a} !== undefined, '${a} is required');`;
    }
  }

  /** One exported function: 4-13 lines. */
  tsFunction(area, name) {
    const w = WORDS[area] ?? WORDS.api;
    const arg = area === 'search' ? 'input' : area === 'billing' ? 'invoice' : 'req';
    const lines = [`export function ${name}(${arg}: ${this.pick(NOUNS[area] ?? NOUNS.api)}Input) {`];
    for (let i = 0, n = this.int(2, 6); i < n; i++) {
      const [a, b] = [this.pick(w), this.pick(w)];
      switch (this.int(0, 3)) {
        case 0:
          lines.push(`  if (${arg}.${a} > ${this.int(1, 100)}) {`, `    return ${this.pick(['undefined', 'null', '0', `${arg}.${b}`])};`, '  }');
          break;
        case 1: {
          const total = `total${(this.serial = (this.serial ?? 0) + 1)}`;
          lines.push(`  let ${total} = 0;`, `  for (const item of ${arg}.items) ${total} += item.${b} * ${this.int(2, 12)};`);
          break;
        }
        default:
          lines.push(this.simpleStatement(area, name, arg));
      }
    }
    lines.push(`  return { ...${arg}, ${this.pick(w)}: Math.round(${arg}.${this.pick(w)} * 100) / 100 };`, '}');
    return lines;
  }

  testCase(area, name) {
    const w = WORDS[area] ?? WORDS.api;
    const a = this.pick(w);
    const lines = [`test('${name} ${this.pick(['handles', 'rejects', 'keeps', 'rounds', 'ignores'])} ${a}', () => {`];
    for (let i = 0, n = this.int(1, 4); i < n; i++) lines.push(`  expect(${name}({ ${a}: ${this.int(0, 999)} }).${this.pick(w)}).toBe(${this.int(0, 999)});`);
    lines.push('});');
    return lines;
  }

  paragraph() {
    const out = [];
    for (let i = 0, n = this.int(1, 3); i < n; i++) out.push(this.pick(SENTENCES));
    return out.join(' ');
  }
}

// File models: code files are lists of blocks (functions or test cases), docs are lists of sections.
const areaOf = p => (p.startsWith('src/') ? p.split('/')[1] : p.startsWith('test/') ? (p.split('/')[1] ?? 'api') : 'docs');

function newFile(text, p, title) {
  const area = areaOf(p);
  if (p.endsWith('.test.ts')) {
    const base = path.basename(p, '.test.ts');
    return {
      kind: 'code',
      header: [`import { expect, test } from 'vitest';`, `import { ${base} } from '../../src/${area}/${base}';`, ''],
      blocks: [text.testCase(area, base), text.testCase(area, base)],
      names: new Set(),
    };
  }
  if (p.endsWith('.ts')) {
    const file = {
      kind: 'code',
      header: [`// ${area}: ${path.basename(p, '.ts')}`, `import { assert, log } from '../common';`, ''],
      blocks: [],
      names: new Set(),
    };
    for (let i = 0, n = text.int(2, 3); i < n; i++) addFunction(text, file, area);
    return file;
  }
  if (p.endsWith('.md'))
    return { kind: 'md', title: title ?? path.basename(p, '.md'), sections: [{ heading: 'Overview', paras: [text.paragraph(), text.paragraph()] }] };
  throw new Error(`no generator for ${p}`);
}

function addFunction(text, file, area) {
  let name;
  do name = text.pick(VERBS) + text.pick(NOUNS[area] ?? NOUNS.api);
  while (file.names.has(name));
  file.names.add(name);
  file.blocks.push(text.tsFunction(area, name));
}

/** A plausible edit: add a function/test or section, rewrite a few lines, or (rarely) delete a block. */
function editFile(text, file, p) {
  const area = areaOf(p);
  if (file.kind === 'md') {
    const r = text.rand();
    if (r < 0.5 || file.sections.length < 2)
      file.sections.push({
        heading: text
          .pick(SUBJECT_OBJECTS.docs)
          .replace(/^the /, '')
          .replace(/^./, c => c.toUpperCase()),
        paras: [text.paragraph()],
      });
    else text.pick(file.sections).paras.splice(0, 1, text.paragraph(), text.paragraph());
    return;
  }
  if (file.kind !== 'code') throw new Error(`cannot edit ${p}`);
  const r = text.rand();
  if (p.endsWith('.test.ts')) {
    if (r < 0.7) file.blocks.push(text.testCase(area, path.basename(p, '.test.ts')));
    else file.blocks.splice(text.int(0, file.blocks.length - 1), 1, text.testCase(area, path.basename(p, '.test.ts')));
  } else if (r < 0.45) addFunction(text, file, area);
  else if (r < 0.9 || file.blocks.length < 4) {
    // Rewrite a few lines of one function: replace or insert single-line statements, so it stays well-formed.
    const block = text.pick(file.blocks);
    const [, name = 'helper', arg = 'input'] = /function (\w+)\((\w+)/.exec(block[0]) ?? [];
    const simple = block.map((line, i) => (/^ {2}(const|log|assert)\b/.test(line) ? i : -1)).filter(i => i >= 0);
    const at = simple.length ? text.pick(simple) : block.length - 2;
    const replacement = Array.from({ length: text.int(1, 3) }, () => text.simpleStatement(area, name, arg));
    block.splice(at, simple.length ? text.int(0, 1) : 0, ...replacement);
  } else file.blocks.splice(text.int(0, file.blocks.length - 1), 1);
}

function render(file) {
  switch (file.kind) {
    case 'code':
      return [...file.header, file.blocks.map(b => b.join('\n')).join('\n\n'), ''].join('\n');
    case 'md':
      return [`# ${file.title}`, '', ...file.sections.flatMap(s => [`## ${s.heading}`, '', ...s.paras.flatMap(x => [x, ''])])].join('\n');
    case 'json':
      return JSON.stringify(file.data, null, 2) + '\n';
    case 'raw':
      return file.data;
    default:
      throw new Error(file.kind);
  }
}

// A real (tiny) PNG, so the repository has a binary file git shows as "-\t-" in --numstat.
function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function png(width, height, colors) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set(colors[Math.floor((x / width) * colors.length)], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ------------------------------------------------------------------------------------------------------ the story
const trailer = (key, who) => `${key}: ${who.name} <${who.email}>`;
const fixes = label => shas => `Fixes: ${shas.get(label).sha.slice(0, 12)} ("${shas.get(label).subject}")`;

/**
 * Everything that happens, as a list of events with a time: commits on main, topic branches (commits made later, on a
 * branch from the main commit current at the branch's start, then merged), and release tags.
 * `at(day, hour, who)` turns a day of the story and a local hour into a git date.
 */
function storyEvents(at) {
  const events = [];
  const onMain = (day, hour, author, spec) => events.push({ type: 'commit', time: at(day, hour, author), author, ...spec });
  const branch = (name, commits, merge) => {
    const first = at(commits[0].day, commits[0].hour, commits[0].author);
    events.push({ type: 'branchStart', time: first - 60, name, paths: commits.flatMap(c => c.ops.map(o => o.path)) });
    events.push({
      type: 'merge',
      time: at(merge.day, merge.hour, merge.author),
      name,
      ...merge,
      commits: commits.map(c => ({ ...c, time: at(c.day, c.hour, c.author) })),
    });
  };
  const tag = (day, name, message) => events.push({ type: 'tag', time: at(day, 18, ME), name, message });
  const create = p => ({ op: 'create', path: p });
  const edit = p => ({ op: 'edit', path: p });

  // --- the first week: Marcus starts the service, then Priya, Sofia and Alex (still on the old laptop) join
  onMain(0, 10, MARCUS_OLD, {
    subject: 'Initial commit: payments service skeleton',
    ops: [
      {
        op: 'write',
        path: 'README.md',
        file: {
          kind: 'md',
          title: 'payments',
          sections: [
            { heading: 'Overview', paras: ['The payments service: invoices, captures, refunds and the search behind the billing dashboard.'] },
            { heading: 'Getting started', paras: ['Run `npm install` and `npm test`.'] },
          ],
        },
      },
      {
        op: 'write',
        path: 'package.json',
        file: {
          kind: 'json',
          data: {
            name: 'payments',
            version: '0.1.0',
            private: true,
            scripts: { test: 'vitest run', start: 'node dist/server.js' },
            dependencies: { express: '4.18.2', zod: '3.22.4' },
            devDependencies: { vitest: '1.2.0', typescript: '5.3.3' },
          },
        },
      },
      { op: 'write', path: '.gitignore', file: { kind: 'raw', data: 'node_modules/\ndist/\ncoverage/\n.env\n' } },
      create('src/api/server.ts'),
      create('src/api/routes.ts'),
      create('src/common.ts'),
    ],
  });
  onMain(1, 11, PRIYA, {
    subject: 'Add search module with an in-memory index',
    body: 'A first cut: one index per tenant, rebuilt at start-up.',
    ops: [create('src/search/index.ts'), create('src/search/indexer.ts'), create('src/search/query.ts')],
  });
  onMain(2, 14, SOFIA, {
    subject: 'Set up tests and CI',
    ops: [
      create('test/api/server.test.ts'),
      {
        op: 'write',
        path: '.github/workflows/ci.yml',
        file: {
          kind: 'raw',
          data: 'name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 20\n      - run: npm ci\n      - run: npm test\n',
        },
      },
    ],
  });
  onMain(3, 15, ALEX_OLD, {
    subject: 'Add billing module: invoices and line items',
    body: 'Invoices own their line items; totals are computed, never stored.',
    trailers: [trailer('Reviewed-by', MARCUS_OLD)],
    ops: [create('src/billing/invoice.ts'), create('src/billing/lineItem.ts'), create('test/billing/invoice.test.ts')],
  });
  onMain(8, 16, ALEX_OLD, {
    subject: 'Start recording architecture decisions',
    body: 'Adds docs/adr/ with a template and ADR 0001. Decisions that are expensive to reverse get an ADR from now on.',
    ops: [
      {
        op: 'write',
        path: 'docs/adr/0000-template.md',
        file: {
          kind: 'md',
          title: 'ADR NNNN: Title',
          sections: [
            { heading: 'Status', paras: ['Proposed | Accepted | Superseded'] },
            { heading: 'Context', paras: ['What forces are at play?'] },
            { heading: 'Decision', paras: ['What we will do.'] },
            { heading: 'Consequences', paras: ['What becomes easier or harder.'] },
          ],
        },
      },
      {
        op: 'write',
        path: 'docs/adr/0001-record-architecture-decisions.md',
        file: {
          kind: 'md',
          title: 'ADR 0001: Record architecture decisions',
          sections: [
            { heading: 'Status', paras: ['Accepted'] },
            { heading: 'Context', paras: ['Decisions about money movement were made in chat threads and lost.'] },
            { heading: 'Decision', paras: ['We keep lightweight ADRs in docs/adr/, reviewed like code.'] },
          ],
        },
      },
    ],
  });
  onMain(16, 11, ALEX_OLD, {
    label: 'rounding',
    subject: 'Add currency rounding helpers',
    ops: [create('src/billing/currency.ts'), create('test/billing/currency.test.ts')],
  });
  onMain(44, 15, ALEX_OLD, {
    label: 'retry',
    subject: 'Retry failed card captures with backoff',
    body: 'Captures that time out are retried three times, 1 s, 4 s and 16 s apart.',
    trailers: [trailer('Reviewed-by', PRIYA)],
    ops: [create('src/billing/capture.ts'), create('test/billing/capture.test.ts')],
  });
  onMain(65, 10, MARCUS, { subject: 'Add request ID middleware', trailers: [trailer('Reviewed-by', ALEX_OLD)], ops: [create('src/api/middleware.ts')] });
  onMain(80, 9, ME, {
    subject: 'Add .mailmap for old laptop and contractor addresses',
    body: 'So shortlog and blame show one name per person.',
    ops: [{ op: 'write', path: '.mailmap', file: { kind: 'raw', data: MAILMAP } }],
  });
  // --- Jonas joins: his first change, reviewed by Alex (reviewing a newcomer's first commit)
  onMain(95, 14, JONAS, {
    subject: 'Fix typo in search query parser error message',
    trailers: [trailer('Reviewed-by', ME)],
    ops: [edit('src/search/query.ts')],
  });
  onMain(101, 17, JONAS, {
    committer: ME,
    committerDelay: 3 * 3600,
    subject: 'search: escape regex metacharacters in query terms',
    body: 'A query containing "(" threw and returned a 500.',
    trailers: [trailer('Signed-off-by', JONAS), trailer('Signed-off-by', ME)],
    ops: [edit('src/search/query.ts'), create('test/search/query.test.ts')],
  });
  onMain(109, 11, ME, {
    subject: 'ADR 0002: Idempotency keys for payment capture',
    body: 'Clients send an Idempotency-Key header on every capture. We store the key with the response for 24 hours and\nreplay the stored response on a retry, so a network timeout can never lead to a second charge.',
    trailers: [trailer('Reviewed-by', PRIYA), trailer('Acked-by', MARCUS)],
    ops: [
      {
        op: 'write',
        path: 'docs/adr/0002-idempotency-keys.md',
        file: {
          kind: 'md',
          title: 'ADR 0002: Idempotency keys for payment capture',
          sections: [
            { heading: 'Status', paras: ['Accepted'] },
            { heading: 'Context', paras: ['Retries after a timeout charged two customers twice in March.', SENTENCES[0]] },
            { heading: 'Decision', paras: ['Every capture carries an idempotency key; responses are stored for 24 hours and replayed.'] },
            { heading: 'Consequences', paras: ['Clients must generate keys. Storage grows by one row per capture.'] },
          ],
        },
      },
    ],
  });
  // --- Alex's multi-commit effort, merged by Priya on GitHub
  branch(
    'alex-rivera/idempotency-keys',
    [
      { day: 111, hour: 10, author: ME, subject: 'Store idempotency keys with capture responses', trailers: [], ops: [create('src/billing/idempotency.ts')] },
      {
        day: 112,
        hour: 15,
        author: ME,
        subject: 'Replay stored responses for repeated idempotency keys',
        ops: [edit('src/billing/idempotency.ts'), create('test/billing/idempotency.test.ts')],
      },
      {
        day: 115,
        hour: 11,
        author: ME,
        subject: 'Expire idempotency keys after 24 hours',
        ops: [edit('src/billing/idempotency.ts'), edit('test/billing/idempotency.test.ts')],
      },
    ],
    {
      day: 116,
      hour: 16,
      author: PRIYA,
      committer: GITHUB,
      subject: 'Merge pull request #37 from alex-rivera/idempotency-keys',
      body: 'Idempotency keys for payment capture (ADR 0002)',
    },
  );
  tag(118, 'v1.0.0', 'Release 1.0.0');
  onMain(130, 10, ME, {
    subject: 'Fix double charge when a capture is retried after a timeout',
    body: 'Root cause: the retry loop generated a fresh idempotency key per attempt, so the provider treated each retry as\na new capture. The key is now created once per capture and reused by every attempt.\n\nAdds a regression test that times out the first attempt and checks a single charge.',
    trailers: [fixes('retry'), trailer('Reviewed-by', PRIYA)],
    ops: [edit('src/billing/capture.ts'), edit('test/billing/capture.test.ts')],
  });
  onMain(150, 13, PRIYA, {
    subject: 'Rename indexer to indexBuilder',
    body: 'It builds indexes; it does not schedule them.',
    trailers: [trailer('Acked-by', ME)],
    ops: [{ op: 'mv', path: 'src/search/indexer.ts', to: 'src/search/indexBuilder.ts' }, edit('src/search/index.ts')],
  });
  // --- Nia joins: her first pull request, mentored and merged by Alex
  branch(
    'nia-okafor/invoice-pdf-totals',
    [
      {
        day: 160,
        hour: 10,
        author: NIA,
        subject: 'Show tax per line item on invoice PDFs',
        trailers: [trailer('Mentored-by', ME)],
        ops: [create('src/billing/invoicePdf.ts')],
      },
      { day: 161, hour: 14, author: NIA, subject: 'Test invoice PDF totals with mixed tax rates', ops: [create('test/billing/invoicePdf.test.ts')] },
    ],
    {
      day: 163,
      hour: 11,
      author: ME,
      committer: GITHUB,
      subject: 'Merge pull request #52 from nia-okafor/invoice-pdf-totals',
      body: 'Show tax per line item on invoice PDFs',
    },
  );
  onMain(172, 15, ME, {
    subject: 'Extract tax calculation into billing/tax.ts',
    body: 'Pairing session with Nia; she now owns the tax rules.',
    trailers: [trailer('Co-authored-by', NIA)],
    ops: [create('src/billing/tax.ts'), edit('src/billing/invoice.ts')],
  });
  onMain(185, 10, MARCUS, {
    subject: 'Return problem+json bodies for validation errors',
    trailers: [trailer('Approved-by', ME)],
    ops: [edit('src/api/routes.ts'), create('src/api/errors.ts')],
  });
  onMain(190, 16, ME, {
    subject: 'Document the billing lifecycle',
    body: 'From draft invoice to payout, with the states, who moves an invoice between them and what support can do.',
    ops: [
      {
        op: 'write',
        path: 'docs/billing.md',
        file: {
          kind: 'md',
          title: 'Billing lifecycle',
          sections: [
            { heading: 'States', paras: ['draft -> finalised -> paid | void. Corrections are credit notes.', SENTENCES[8]] },
            { heading: 'Captures', paras: [SENTENCES[0], 'Failed captures are retried, then the invoice enters dunning.'] },
          ],
        },
      },
      edit('README.md'),
    ],
  });
  // --- a dependabot pull request merged by Alex (bots are never counted as people)
  branch(
    'dependabot/npm_and_yarn/express-4.19.2',
    [
      {
        day: 197,
        hour: 4,
        author: BOT,
        subject: 'Bump express from 4.18.2 to 4.19.2',
        body: 'Bumps [express](https://github.com/expressjs/express) from 4.18.2 to 4.19.2.\n- [Release notes](https://github.com/expressjs/express/releases)\n\n---\nupdated-dependencies:\n- dependency-name: express\n  dependency-type: direct:production\n...',
        trailers: [trailer('Signed-off-by', BOT)],
        ops: [
          {
            op: 'json',
            path: 'package.json',
            update: d => {
              d.dependencies.express = '4.19.2';
            },
          },
        ],
      },
    ],
    {
      day: 198,
      hour: 9,
      author: ME,
      committer: GITHUB,
      subject: 'Merge pull request #61 from acme/dependabot/npm_and_yarn/express-4.19.2',
      body: 'Bump express from 4.18.2 to 4.19.2',
    },
  );
  onMain(205, 12, ME, {
    subject: 'Add architecture diagram',
    ops: [
      {
        op: 'write',
        path: 'docs/images/architecture.png',
        file: {
          kind: 'raw',
          data: png(96, 48, [
            [30, 90, 160],
            [240, 240, 240],
            [40, 160, 90],
          ]),
        },
      },
      edit('README.md'),
    ],
  });
  onMain(215, 14, SOFIA, {
    subject: 'Add load test for invoice listing',
    trailers: [trailer('Tested-by', ALEX_OLD)],
    ops: [create('test/billing/invoiceLoad.test.ts')],
  });
  // --- a squash-merged pull request, co-authored with a newer colleague
  onMain(228, 17, ME, {
    committer: GITHUB,
    committerDelay: 600,
    subject: 'Add rate limiter (#123)',
    body: '* Add a token bucket per API key\n* Send RateLimit-* headers\n* Test the limiter under bursts',
    trailers: [trailer('Co-authored-by', JONAS)],
    ops: [create('src/api/rateLimit.ts'), create('test/api/rateLimit.test.ts'), edit('src/api/routes.ts')],
  });
  tag(240, 'v1.1.0', 'Release 1.1.0');
  branch(
    'jonas-weber/search-facets',
    [
      { day: 243, hour: 10, author: JONAS, subject: 'Add facet counts to search results', ops: [create('src/search/facets.ts')] },
      {
        day: 246,
        hour: 15,
        author: JONAS,
        subject: 'Cap facet values at 50 per field',
        trailers: [trailer('Helped-by', ME)],
        ops: [edit('src/search/facets.ts'), create('test/search/facets.test.ts')],
      },
    ],
    {
      day: 247,
      hour: 10,
      author: ME,
      committer: GITHUB,
      subject: 'Merge pull request #131 from jonas-weber/search-facets',
      body: 'Facet counts in search results',
    },
  );
  branch(
    'alex-rivera/ledger-export',
    [
      { day: 252, hour: 11, author: ME, subject: 'Export ledger entries as CSV', ops: [create('src/billing/ledgerExport.ts')] },
      {
        day: 253,
        hour: 16,
        author: ME,
        subject: 'Stream the ledger export instead of buffering it',
        body: 'Large tenants have a million entries; buffering used 2 GB.',
        ops: [edit('src/billing/ledgerExport.ts'), create('test/billing/ledgerExport.test.ts')],
      },
    ],
    { day: 255, hour: 9, author: MARCUS, committer: GITHUB, subject: 'Merge pull request #140 from alex-rivera/ledger-export', body: 'Ledger export as CSV' },
  );
  // --- Tomás joins: a GitLab-style merge of his first branch, by Alex
  branch(
    'tomas/retry-webhooks',
    [
      {
        day: 266,
        hour: 10,
        author: TOMAS,
        subject: 'Retry webhook deliveries with exponential backoff',
        trailers: [`Mentored by: ${ME.name} <${ME.email}>`],
        ops: [create('src/api/webhooks.ts')],
      },
      {
        day: 268,
        hour: 13,
        author: TOMAS,
        subject: 'Give up on webhooks after 24 hours and alert',
        ops: [edit('src/api/webhooks.ts'), create('test/api/webhooks.test.ts')],
      },
    ],
    {
      day: 270,
      hour: 15,
      author: ME,
      subject: "Merge branch 'tomas/retry-webhooks' into 'main'",
      body: 'Retry webhook deliveries with exponential backoff\n\nSee merge request acme/payments!57',
    },
  );
  onMain(280, 11, PRIYA, {
    subject: 'Speed up ranking with a precomputed IDF table',
    body: 'Ranking a page of results drops from 40 ms to 6 ms on the largest tenant.',
    trailers: [`Co-Authored-By: ${ME.name} <${ME.email}>`],
    ops: [create('src/search/idf.ts'), edit('src/search/index.ts')],
  });
  branch(
    'nia-okafor/partial-refunds',
    [
      { day: 285, hour: 10, author: NIA, subject: 'Support partial refunds', ops: [create('src/billing/refund.ts')] },
      {
        day: 287,
        hour: 16,
        author: NIA,
        subject: 'Reject refunds larger than the captured amount',
        trailers: [trailer('Helped-by', ME)],
        ops: [edit('src/billing/refund.ts'), create('test/billing/refund.test.ts')],
      },
    ],
    { day: 289, hour: 11, author: ME, committer: GITHUB, subject: 'Merge pull request #148 from nia-okafor/partial-refunds', body: 'Partial refunds' },
  );
  onMain(298, 10, ME, {
    subject: 'RFC: multi-currency ledger (ADR 0003)',
    body: 'Proposes storing every ledger entry in its original currency with the rate used, instead of converting at write\ntime. Open for comments until the end of the month.',
    trailers: [trailer('Reviewed-by', PRIYA), trailer('Reviewed-by', MARCUS)],
    ops: [
      {
        op: 'write',
        path: 'docs/adr/0003-multi-currency-ledger.md',
        file: {
          kind: 'md',
          title: 'ADR 0003 (RFC): Multi-currency ledger',
          sections: [
            { heading: 'Status', paras: ['Proposed'] },
            { heading: 'Context', paras: ['We convert to EUR at write time and lose the original amounts.', SENTENCES[1]] },
            { heading: 'Proposal', paras: ['Store the original currency and amount with the rate used.'] },
            { heading: 'Alternatives', paras: ['Keep converting, store the rate on the side.'] },
          ],
        },
      },
    ],
  });
  onMain(300, 15, ME, {
    subject: 'Update architecture diagram with the search service',
    ops: [
      {
        op: 'write',
        path: 'docs/images/architecture.png',
        file: {
          kind: 'raw',
          data: png(96, 48, [
            [30, 90, 160],
            [240, 240, 240],
            [200, 120, 40],
            [40, 160, 90],
          ]),
        },
      },
    ],
  });
  onMain(310, 11, ME, {
    subject: 'Generate OpenAPI schema for billing endpoints',
    trailers: [trailer('Co-authored-by', CLAUDE)],
    ops: [create('src/api/openapi.ts'), create('docs/api.md')],
  });
  onMain(321, 14, ME, {
    subject: 'Fix rounding drift in multi-currency invoices',
    body: 'Root cause: each line item was rounded after conversion, so a 40-line invoice could be off by up to 20 cents.\nConversion now happens on the unrounded total and rounds once.\n\nRegression test: an invoice with 40 lines at 0.333 USD converted to EUR.',
    trailers: [fixes('rounding'), trailer('Reviewed-by', NIA)],
    ops: [edit('src/billing/currency.ts'), edit('test/billing/currency.test.ts'), edit('src/billing/invoice.ts')],
  });
  onMain(330, 10, ME, {
    subject: 'Add reconciliation job for failed captures',
    trailers: [trailer('Co-authored-by', TOMAS)],
    ops: [create('src/billing/reconcile.ts'), create('test/billing/reconcile.test.ts')],
  });
  branch(
    'tomas-ruiz/search-synonyms',
    [
      {
        day: 336,
        hour: 11,
        author: TOMAS,
        subject: 'Expand queries with tenant synonyms',
        trailers: [trailer('Reviewed-by', ME)],
        ops: [create('src/search/synonyms.ts'), edit('src/search/query.ts')],
      },
    ],
    { day: 338, hour: 9, author: ME, committer: GITHUB, subject: 'Merge pull request #163 from tomas-ruiz/search-synonyms', body: 'Tenant synonyms' },
  );
  // --- Mei joins late: first change reviewed by Alex, then co-authoring, then an applied patch
  onMain(362, 10, MEI, {
    subject: 'Fix broken links in the API docs',
    trailers: [trailer('Reviewed-by', ME), trailer('Helped-by', ME)],
    ops: [edit('docs/api.md')],
  });
  onMain(369, 16, ME, {
    subject: 'Document the refund flow',
    body: 'Written with Mei during her onboarding week.',
    trailers: [trailer('Co-authored-by', MEI)],
    ops: [
      {
        op: 'write',
        path: 'docs/refunds.md',
        file: {
          kind: 'md',
          title: 'Refunds',
          sections: [{ heading: 'Partial refunds', paras: ['A refund may not exceed the captured amount.', SENTENCES[8]] }],
        },
      },
      edit('docs/billing.md'),
    ],
  });
  onMain(378, 10, MEI, {
    committer: ME,
    committerDelay: 8 * 3600,
    subject: 'docs: fix typos in the onboarding guide',
    trailers: [trailer('Signed-off-by', MEI), trailer('Signed-off-by', ME)],
    ops: [edit('README.md')],
  });
  branch(
    'mei-tanaka/test-fixtures',
    [
      { day: 390, hour: 10, author: MEI, subject: 'Share invoice fixtures between billing tests', ops: [create('test/billing/fixtures.test.ts')] },
      {
        day: 391,
        hour: 11,
        author: MEI,
        subject: 'Use shared fixtures in the refund tests',
        trailers: [trailer('Mentored-by', ME)],
        ops: [edit('test/billing/refund.test.ts')],
      },
    ],
    { day: 393, hour: 10, author: ME, committer: GITHUB, subject: 'Merge pull request #177 from mei-tanaka/test-fixtures', body: 'Shared invoice fixtures' },
  );
  tag(400, 'v2.0.0', 'Release 2.0.0');
  onMain(410, 11, ME, {
    subject: 'ADR 0004: Retire the legacy invoice PDF renderer',
    trailers: [trailer('Reviewed-by', NIA), trailer('Acked-by', PRIYA)],
    ops: [
      {
        op: 'write',
        path: 'docs/adr/0004-retire-legacy-pdf-renderer.md',
        file: {
          kind: 'md',
          title: 'ADR 0004: Retire the legacy invoice PDF renderer',
          sections: [
            { heading: 'Status', paras: ['Accepted'] },
            { heading: 'Context', paras: ['Two renderers produce slightly different totals.'] },
            { heading: 'Decision', paras: ['Keep only invoicePdf.ts; remove the old renderer in the next release.'] },
          ],
        },
      },
    ],
  });
  onMain(SPAN, 15, ME, {
    subject: 'Prepare release notes for 2.1',
    ops: [
      {
        op: 'write',
        path: 'CHANGELOG.md',
        file: {
          kind: 'md',
          title: 'Changelog',
          sections: [
            { heading: '2.1.0 (unreleased)', paras: ['- Multi-currency rounding fix\n- Reconciliation job for failed captures\n- Tenant synonyms in search'] },
          ],
        },
      },
    ],
  });

  return events;
}

/** Everyday work between the story's events: weekday commits by whoever is on the team, in their areas. */
function fillerEvents(rand, at, isWorkday) {
  const team = [
    { who: d => (d < 80 ? ALEX_OLD : ME), from: 4, p: 0.15, areas: { billing: 0.6, api: 0.12, docs: 0.08, test: 0.2 }, reviewers: [PRIYA, MARCUS, SOFIA] },
    { who: () => PRIYA, from: 1, p: 0.11, areas: { search: 0.7, api: 0.1, test: 0.2 }, reviewers: [ME, MARCUS] },
    { who: d => (d < 60 ? MARCUS_OLD : MARCUS), from: 1, p: 0.09, areas: { api: 0.65, billing: 0.1, test: 0.25 }, reviewers: [ME, PRIYA, SOFIA] },
    { who: () => SOFIA, from: 3, p: 0.07, areas: { test: 0.45, api: 0.25, docs: 0.3 }, reviewers: [MARCUS, ME] },
    { who: () => JONAS, from: 100, p: 0.07, areas: { search: 0.5, api: 0.35, test: 0.15 }, reviewers: [PRIYA, ME] },
    { who: () => NIA, from: 165, p: 0.08, areas: { billing: 0.6, api: 0.2, test: 0.2 }, reviewers: [ME, PRIYA] },
    { who: () => TOMAS, from: 271, p: 0.07, areas: { search: 0.5, billing: 0.3, test: 0.2 }, reviewers: [ME, PRIYA] },
    { who: () => MEI, from: 363, p: 0.1, areas: { docs: 0.5, test: 0.5 }, reviewers: [ME, SOFIA] },
  ];
  const events = [];
  for (let d = 5; d < SPAN - 1; d++) {
    if (!isWorkday(d)) continue;
    for (const m of team) {
      if (d < m.from || rand() >= m.p) continue;
      const author = m.who(d);
      let x = rand();
      let area = 'test';
      for (const [a, w] of Object.entries(m.areas))
        if ((x -= w) < 0) {
          area = a;
          break;
        }
      const reviewer = m.reviewers[Math.floor(rand() * m.reviewers.length)];
      events.push({
        type: 'filler',
        time: at(d, 9 + Math.floor(rand() * 9), author) + Math.floor(rand() * 3600),
        author,
        area,
        review: rand() < 0.55 ? reviewer : undefined,
        seed: Math.floor(rand() * 2 ** 31),
      });
    }
  }
  return events;
}

// --------------------------------------------------------------------------------------------------- git plumbing
const tzSeconds = tz => (tz[0] === '-' ? -1 : 1) * (Number(tz.slice(1, 3)) * 3600 + Number(tz.slice(3, 5)) * 60);

function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  // Nobody's global or system git config (templates, hooks, signing) leaks into the sample.
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };
}

/** The last Friday at least two days before `now`, at 00:00 UTC. */
function endDay(now) {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - 2);
  while (d.getUTCDay() !== 5) d.setUTCDate(d.getUTCDate() - 1);
  return d.getTime() / 1000;
}

/**
 * Makes `dir` an empty folder (replacing it only with `force`) and returns a runner for git there, with an optional
 * environment (author, committer, dates) on top of a clean one.
 */
function emptyRepoFolder(dir, force) {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!force) throw new Error(`${dir} exists and is not empty (use --force to replace it)`);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  const baseEnv = cleanEnv();
  return (args, env) =>
    execFileSync('git', args, { cwd: dir, env: env ? { ...baseEnv, ...env } : baseEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/**
 * Creates the sample repository in `dir` (which must not exist or be empty, unless `force`).
 * @param {string} dir
 * @param {{ force?: boolean, now?: Date, quiet?: boolean }} [options]
 * @returns {Promise<{ dir: string, head: string, commits: number, merges: number, people: number, since: string, until: string }>}
 */
export async function makeSampleRepo(dir, options = {}) {
  dir = path.resolve(dir);
  const git = emptyRepoFolder(dir, options.force);

  const start = endDay(options.now ?? new Date()) - SPAN * DAY;
  const isWorkday = d => ![0, 6].includes(new Date((start + d * DAY) * 1000).getUTCDay());
  const workday = d => {
    let w = d;
    while (!isWorkday(w)) w += w >= SPAN ? -1 : 1;
    return w;
  };
  const at = (day, hour, who) => start + workday(day) * DAY + hour * 3600 - tzSeconds(who.tz);
  const gitDate = (t, who) => `${t} ${who.tz}`;
  const identity = (author, committer, time, ctime) => ({
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: gitDate(time, author),
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    GIT_COMMITTER_DATE: gitDate(ctime, committer),
  });

  git(['init', '-q', '-b', 'main']);
  git(['config', 'user.name', ME.name]);
  git(['config', 'user.email', ME.email]);
  git(['config', 'commit.gpgsign', 'false']);
  git(['config', 'tag.gpgsign', 'false']);
  git(['config', 'core.autocrlf', 'false']);
  const msgFile = path.join(dir, '.git', 'SAMPLE_MSG');

  const text = new Text(mulberry32(20240611));
  const events = [...storyEvents(at), ...fillerEvents(mulberry32(42), at, isWorkday)];
  events.sort((a, b) => a.time - b.time || (a.type === 'branchStart' ? -1 : 0) - (b.type === 'branchStart' ? -1 : 0));

  /** The files on main: path -> model. Branch commits see main's files through an overlay. */
  const main = new Map();
  const locked = new Set(); // files an open topic branch changes: main leaves them alone until the merge
  const reserved = new Set(events.flatMap(e => [...(e.ops ?? []), ...(e.commits ?? []).flatMap(c => c.ops)].flatMap(o => [o.path, o.to]).filter(Boolean)));
  const labels = new Map();
  const bases = new Map();
  const subjects = new Set(events.flatMap(e => [e.subject, ...(e.commits ?? []).map(c => c.subject)]).filter(Boolean));
  let count = 0;

  const message = (subject, body, trailers) => [subject, body, trailers.length ? trailers.join('\n') : undefined].filter(Boolean).join('\n\n') + '\n';

  function apply(ops, files, onBranch) {
    for (const o of ops) {
      if (!onBranch && (locked.has(o.path) || locked.has(o.to))) throw new Error(`${o.path} is being changed on an open branch`);
      const abs = path.join(dir, o.path);
      mkdirSync(path.dirname(abs), { recursive: true });
      if (o.op === 'mv') {
        git(['mv', o.path, o.to]);
        files.set(o.to, files.get(o.path));
        files.set(o.path, undefined);
        continue;
      }
      let file = files.get(o.path);
      if (o.op === 'write') file = o.file;
      else if (o.op === 'create') file = newFile(text, o.path);
      else if (o.op === 'json') {
        file = structuredClone(file);
        o.update(file.data);
      } else if (o.op === 'edit') {
        if (!file) throw new Error(`edit of missing ${o.path}`);
        file = structuredClone(file);
        editFile(text, file, o.path);
        for (let i = 0, n = text.int(0, 2); i < n; i++) editFile(text, file, o.path);
      } else throw new Error(o.op);
      files.set(o.path, file);
      writeFileSync(abs, render(file));
    }
  }

  function commit(c, files, onBranch = false) {
    apply(c.ops, files, onBranch);
    git(['add', '-A']);
    const trailers = (c.trailers ?? []).map(t => (typeof t === 'function' ? t(labels) : t));
    writeFileSync(msgFile, message(c.subject, c.body, trailers));
    const ctime = c.time + (c.committerDelay ?? 0);
    git(['commit', '-q', '--no-verify', '--cleanup=whitespace', '-F', msgFile], identity(c.author, c.committer ?? c.author, c.time, ctime));
    const sha = git(['rev-parse', 'HEAD']);
    if (c.label) labels.set(c.label, { sha, subject: c.subject });
    count++;
    return sha;
  }

  for (const e of events) {
    if (e.type === 'commit') commit(e, main);
    else if (e.type === 'filler') {
      const f = new Text(mulberry32(e.seed));
      const prefix = e.area === 'docs' ? 'docs/' : e.area === 'test' ? 'test/' : `src/${e.area}/`;
      const candidates = [...main.keys()].filter(
        p => main.get(p) && p.startsWith(prefix) && !locked.has(p) && (p.endsWith('.ts') || p.endsWith('.md')) && !p.startsWith('docs/adr/'),
      );
      let target;
      if (candidates.length === 0 || f.chance(0.12)) {
        // a new file in the area, named like its neighbours
        const codeArea = e.area === 'test' ? f.pick(['billing', 'search', 'api']) : e.area;
        for (let i = 0; i < 20 && (!target || main.get(target) || reserved.has(target)); i++) {
          target =
            e.area === 'docs'
              ? `docs/${f
                  .pick(SUBJECT_OBJECTS.docs)
                  .replace(/^the /, '')
                  .replace(/[^a-z]+/gi, '-')
                  .toLowerCase()}.md`
              : e.area === 'test'
                ? `test/${codeArea}/${f.pick(VERBS)}${f.pick(NOUNS[codeArea])}.test.ts`
                : `src/${codeArea}/${f.pick(VERBS)}${f.pick(NOUNS[codeArea])}.ts`;
        }
        if (main.get(target) || reserved.has(target)) target = candidates[0];
      } else target = f.pick(candidates);
      if (!target) continue;
      const kind = e.area === 'docs' ? 'docs' : e.area === 'test' ? 'test' : 'code';
      const subjectArea = e.area === 'test' ? areaOf(target) : e.area;
      const objects = SUBJECT_OBJECTS[e.area === 'test' ? 'test' : e.area];
      const makeSubject = () =>
        kind === 'code'
          ? `${f.pick(SUBJECT_VERBS.code)} ${f.pick(SUBJECT_OBJECTS[subjectArea] ?? objects)}`
          : `${f.pick(SUBJECT_VERBS[kind])} ${f.pick(objects)}`;
      let subject = makeSubject();
      for (let i = 0; i < 10 && subjects.has(subject); i++) subject = makeSubject();
      subjects.add(subject);
      const body = f.chance(0.35) ? f.pick(BODIES) : undefined;
      const isAlex = p => p === ME || p === ALEX_OLD;
      const reviewer = e.review && e.review.name !== e.author.name && !(isAlex(e.review) && isAlex(e.author)) ? e.review : undefined;
      // Before the .mailmap exists, Alex's reviews sometimes carry the old address: .mailmap resolves them later.
      const named = reviewer === ME && e.time < at(80, 9, ME) && f.chance(0.5) ? ALEX_OLD : reviewer;
      commit(
        {
          author: e.author,
          time: e.time,
          subject,
          body,
          trailers: named ? [trailer('Reviewed-by', named)] : [],
          ops: [main.get(target) ? { op: 'edit', path: target } : { op: 'create', path: target }],
        },
        main,
      );
    } else if (e.type === 'branchStart') {
      bases.set(e.name, git(['rev-parse', 'HEAD']));
      for (const p of e.paths) locked.add(p);
    } else if (e.type === 'merge') {
      // The topic branch, from the main commit current when it started; main did not touch its files since.
      git(['checkout', '-q', '-b', e.name, bases.get(e.name)]);
      const overlay = new Map();
      const files = { get: p => (overlay.has(p) ? overlay.get(p) : main.get(p)), set: (p, v) => overlay.set(p, v) };
      for (const c of e.commits) commit(c, files, true);
      git(['checkout', '-q', 'main']);
      writeFileSync(msgFile, message(e.subject, e.body, []));
      git(['merge', '-q', '--no-ff', '--cleanup=whitespace', '-F', msgFile, e.name], identity(e.author, e.committer ?? e.author, e.time, e.time));
      git(['branch', '-q', '-d', e.name]);
      for (const [p, v] of overlay) main.set(p, v);
      for (const c of e.commits) for (const o of c.ops) locked.delete(o.path);
      count++;
    } else if (e.type === 'tag') {
      git(['tag', '-a', e.name, '-m', e.message], identity(ME, ME, e.time, e.time));
    }
  }

  rmSync(msgFile, { force: true });
  git(['remote', 'add', 'origin', 'https://github.com/acme/payments.git']);
  const status = git(['status', '--porcelain']);
  if (status) throw new Error(`sample repository left uncommitted changes:\n${status}`);

  const head = git(['rev-parse', 'HEAD']);
  const commits = Number(git(['rev-list', '--count', 'HEAD']));
  if (commits !== count) throw new Error(`expected ${count} commits, found ${commits}`);
  const merges = Number(git(['rev-list', '--count', '--merges', 'HEAD']));
  const authors = new Set(git(['log', '--use-mailmap', '--format=%aE']).split('\n'));
  const people = [...authors].filter(a => !a.includes('[bot]')).length;
  const dates = git(['log', '--format=%cs']).split('\n');
  return { dir, head, commits, merges, people, since: dates[dates.length - 1], until: dates[0] };
}

/**
 * A second, small repository for multi-root workspaces: the payments web front end (GitLab remote over SSH), where
 * Alex also works: a dozen commits over the last four months, one GitLab-style merge of Nia's branch by Alex.
 * @param {string} dir  must not exist or be empty, unless `force`
 * @param {{ force?: boolean, now?: Date }} [options]
 */
export async function makeSecondRepo(dir, options = {}) {
  dir = path.resolve(dir);
  const git = emptyRepoFolder(dir, options.force);
  const end = endDay(options.now ?? new Date());
  const who = (p, t) => ({
    GIT_AUTHOR_NAME: p.name,
    GIT_AUTHOR_EMAIL: p.email,
    GIT_AUTHOR_DATE: `${t} ${p.tz}`,
    GIT_COMMITTER_NAME: p.name,
    GIT_COMMITTER_EMAIL: p.email,
    GIT_COMMITTER_DATE: `${t} ${p.tz}`,
  });
  git(['init', '-q', '-b', 'main']);
  for (const [k, v] of [
    ['user.name', ME.name],
    ['user.email', ME.email],
    ['commit.gpgsign', 'false'],
    ['core.autocrlf', 'false'],
  ])
    git(['config', k, v]);
  const write = (file, content) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  };
  const commit = (author, daysAgo, subject, files, trailers = []) => {
    for (const [f, c] of Object.entries(files)) write(f, c);
    git(['add', '-A']);
    git(['commit', '-q', '--no-verify', '-m', subject, ...(trailers.length ? ['-m', trailers.join('\n')] : [])], who(author, end - daysAgo * DAY + 11 * 3600));
  };
  commit(SOFIA, 120, 'Scaffold the payments web app', { 'README.md': '# payments-web\n\nThe billing dashboard.\n', 'src/app.ts': 'export const app = {};\n' });
  commit(ME, 110, 'Add invoice list page', { 'src/invoices/list.ts': 'export function invoiceList() {\n  return [];\n}\n' }, [trailer('Reviewed-by', SOFIA)]);
  commit(ME, 95, 'Show refund status on invoices', { 'src/invoices/list.ts': 'export function invoiceList() {\n  return [{ refunded: false }];\n}\n' });
  commit(SOFIA, 80, 'Add end-to-end smoke test', { 'test/smoke.test.ts': "test('loads', () => {});\n" }, [trailer('Reviewed-by', ME)]);
  git(['checkout', '-q', '-b', 'nia/dark-mode']);
  commit(NIA, 60, 'Support dark mode in the dashboard', { 'src/theme.ts': "export const theme = 'auto';\n" }, [trailer('Helped-by', ME)]);
  commit(NIA, 58, 'Use theme colours for charts', { 'src/charts.ts': 'export const palette = [];\n' });
  git(['checkout', '-q', 'main']);
  commit(ME, 59, 'Document the dashboard routes', { 'docs/routes.md': '# Routes\n\n- /invoices\n- /refunds\n' });
  git(
    ['merge', '-q', '--no-ff', '-m', "Merge branch 'nia/dark-mode' into 'main'", '-m', 'Dark mode\n\nSee merge request acme/payments-web!12', 'nia/dark-mode'],
    who(ME, end - 57 * DAY + 15 * 3600),
  );
  git(['branch', '-q', '-d', 'nia/dark-mode']);
  commit(
    ME,
    30,
    'Fix totals flicker on slow networks',
    { 'src/invoices/list.ts': 'export function invoiceList() {\n  return [{ refunded: false, total: 0 }];\n}\n' },
    [trailer('Co-authored-by', MEI)],
  );
  commit(SOFIA, 10, 'Bump the dashboard version to 1.3.0', { 'package.json': '{ "name": "payments-web", "version": "1.3.0" }\n' }, [trailer('Acked-by', ME)]);
  git(['remote', 'add', 'origin', 'git@gitlab.com:acme/payments-web.git']);
  return { dir, head: git(['rev-parse', 'HEAD']), commits: Number(git(['rev-list', '--count', 'HEAD'])) };
}

// ------------------------------------------------------------------------------------------------------------ CLI
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dir = args.find(a => !a.startsWith('--'));
  const unknown = args.filter(a => a.startsWith('--') && a !== '--force');
  if (!dir || unknown.length > 0) {
    console.error('usage: node scripts/makeSampleRepo.mjs DIR [--force]');
    process.exit(2);
  }
  const t0 = Date.now();
  try {
    const r = await makeSampleRepo(dir, { force: args.includes('--force') });
    console.log(r.dir);
    console.log(
      `sample repository: ${r.commits} commits (${r.merges} merges) by ${r.people} people and a bot, ${r.since} to ${r.until}; you are ${ME.name} <${ME.email}> (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );
  } catch (e) {
    console.error(`makeSampleRepo: ${e.message}`);
    process.exit(1);
  }
}
