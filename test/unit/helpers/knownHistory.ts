import { AI, ALEX, ALEX_OLD, BOB, BOT, CARA, DEV, RepoBuilder, dayAt } from './repoBuilder';

/**
 * A history whose right answers are known by construction (see EXPECTED). Alex is "me"; Alex also committed
 * once from an old address that .mailmap folds into the current one.
 */
export function buildKnownHistory(dir?: string): RepoBuilder {
  const r = new RepoBuilder(dir);
  r.write('.mailmap', 'Alex Rivera <alex@example.com> <alex@old-laptop.local>\n');
  r.commit({
    author: BOB,
    date: dayAt('2024-12-01'),
    subject: 'Initial server',
    files: { 'src/api/server.ts': 'export {}\n', 'README.md': '# Payments\n', '.mailmap': 'Alex Rivera <alex@example.com> <alex@old-laptop.local>\n' },
  });
  r.commit({ author: ALEX_OLD, date: dayAt('2025-01-10'), subject: 'Add invoice model', files: { 'src/billing/invoice.ts': 'a\nb\nc\nd\n' } });
  r.commit({ author: ALEX, date: dayAt('2025-02-01'), subject: 'Add tax rules', files: { 'src/billing/tax.ts': 'x\ny\n' }, trailers: [`Reviewed-by: ${BOB}`] });
  r.commit({
    author: CARA,
    date: dayAt('2025-03-01'),
    subject: 'Add search index',
    files: { 'src/search/index.ts': 'i\n' },
    trailers: [`Reviewed-by: ${ALEX}`, `Mentored by: ${ALEX_OLD}`],
  });
  r.commit({
    author: CARA,
    date: dayAt('2025-03-05'),
    subject: 'Tune search ranking',
    files: { 'src/search/rank.ts': 'r\n' },
    trailers: ['Helped-by: Alex Rivera <ALEX@EXAMPLE.COM>'],
  });
  r.commit({
    author: BOB,
    date: dayAt('2025-03-10'),
    subject: 'Harden API timeouts',
    files: { 'src/api/server.ts': 'export {}\n// t\n' },
    trailers: [`Acked-by: ${ALEX}`, `Tested-by: ${ALEX}`],
  });
  r.commit({
    author: ALEX,
    date: dayAt('2025-04-01'),
    subject: 'Fix rounding in invoice totals',
    body: 'The root cause was float arithmetic on cents; totals now use integers.',
    files: { 'src/billing/invoice.ts': 'a\nb\nc\nd\ne\n', 'test/billing.test.ts': 'test\n' },
    trailers: ['Fixes: 1234567 ("Add invoice model")', `Co-Authored-By: ${CARA}`],
  });
  r.commit({
    author: ALEX,
    date: dayAt('2025-04-02'),
    subject: 'Refactor invoice builder',
    files: { 'src/billing/builder.ts': 'b\n' },
    trailers: [`Co-authored-by: ${AI}`],
  });
  r.commit({
    author: BOT,
    date: dayAt('2025-04-03'),
    subject: 'Bump lodash from 4.17.20 to 4.17.21',
    files: { 'package.json': '{}\n' },
    trailers: [`Approved-by: ${ALEX}`],
  });
  // A newcomer's branch, merged by me as a GitHub pull request.
  r.branch('dev/search');
  r.commit({ author: DEV, date: dayAt('2025-05-01'), subject: 'Add search filters', files: { 'src/search/filters.ts': 'f\n' } });
  r.commit({
    author: DEV,
    date: dayAt('2025-05-02'),
    subject: 'Add filter tests',
    files: { 'test/filters.test.ts': 't\n' },
    trailers: [`Co-authored-by: ${ALEX}`],
  });
  r.checkout('main');
  r.merge('dev/search', { author: ALEX, date: dayAt('2025-05-03'), message: 'Merge pull request #12 from dev/search' });
  // A patch by Bob that I applied.
  r.commit({ author: BOB, committer: ALEX, date: dayAt('2025-05-10'), subject: 'Log slow API requests', files: { 'src/api/log.ts': 'l\n' } });
  r.commit({ author: ALEX, date: dayAt('2025-06-01'), subject: 'ADR 1: use Postgres for ledgers', files: { 'docs/adr/0001-use-postgres.md': '# ADR 1\n' } });
  r.rename('src/billing/tax.ts', 'src/billing/taxes.ts', { author: ALEX, date: dayAt('2025-06-05'), subject: 'Rename tax module' });
  r.commit({
    author: ALEX,
    date: dayAt('2025-06-06'),
    subject: 'Add invoice logo',
    files: { 'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0xff]) },
  });
  // My branch, merged by Bob the GitLab way.
  r.branch('alex/cache');
  r.commit({ author: ALEX, date: dayAt('2025-07-01'), subject: 'Add invoice cache', files: { 'src/billing/cache.ts': 'c\n' } });
  r.commit({ author: ALEX, date: dayAt('2025-07-02'), subject: 'Expire cache entries', files: { 'src/billing/cache.ts': 'c\nd\n' } });
  r.checkout('main');
  r.merge('alex/cache', { author: BOB, date: dayAt('2025-07-03'), message: "Merge branch 'alex/cache' into 'main'\n\nSee merge request acme/payments!7" });
  r.commit({ author: ALEX, date: dayAt('2025-07-10'), subject: 'Add rate limiter (#123)', files: { 'src/api/limit.ts': 'l\n' } });
  r.git('remote', 'add', 'origin', 'git@github.com:acme/payments.git');
  return r;
}

/** The answers for `--since 2025-01-01`, counted by hand from the history above. */
export const EXPECTED = {
  commitsAuthored: 10,
  commitsCommittedForOthers: 1,
  mergesOfOthersWork: 1,
  reviews: { 'Reviewed-by': 1, 'Acked-by': 1, 'Tested-by': 1, 'Approved-by': 1 },
  mentoring: { 'Mentored-by': 1, 'Helped-by': 1, 'Co-authored-by': 1 },
  people: [
    { email: 'cara@example.com', commits: 3 },
    { email: 'dev@example.com', commits: 2 },
  ],
};
