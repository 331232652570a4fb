import * as l10n from '@vscode/l10n';
import type { AnalysisView, OwnershipView, PanelState } from '../src/protocol/messages';
import { button, callout, emptyState, iconButton, meter, section } from './components';
import { h, icon, srOnly, type Child } from './dom';
import { count, dateTime, percent, plural } from './format';
import { post } from './host';
import { renderExpectations } from './expectations';
import { renderPlan } from './plan';
import { problems, wins } from './notesSections';

const commitCount = (n: number): string => plural(n, l10n.t('{0} commit'), l10n.t('{0} commits'));

/** Reviews of others' work: every review trailer naming me, merges of others' branches, patches I applied. */

export function reviewsGiven(a: AnalysisView): number {
  const elsewhere = a.reviewsElsewhere.gerritVotes + a.reviewsElsewhere.imported;
  return Object.values(a.reviewsByTrailer).reduce((sum, n) => sum + n, 0) + a.totals.mergesOfOthersWork + a.totals.commitsCommittedForOthers + elsewhere;
}

/** The callout for a finished analysis that found no commit of mine (it would be premature while a scan runs). */
export function noCommitsCalloutShown(state: PanelState, a: AnalysisView | undefined): boolean {
  return state.phase === 'ready' && !!a && a.totals.commitsAuthored === 0;
}

export function renderAnalysis(state: PanelState, a: AnalysisView): Child[] {
  const multiRepo = a.repos.length > 1;
  return [
    noCommitsCalloutShown(state, a) ? noCommitsCallout(state) : null,
    a.aliasCandidates.length ? aliasCallout(a.aliasCandidates) : null,
    summary(a),
    ...renderPlan(state, a.plan),
    ...renderExpectations(a.expectations),
    ownership(a.ownership, multiRepo),
    reviews(a),
    mentoring(a.mentored, a.mentoredTotal, a.helped),
    wins(a.wins),
    a.problems.length ? problems(a.problems) : null,
    footer(a),
  ];
}

function noCommitsCallout(state: PanelState): HTMLElement {
  const emails = state.identity.emails;
  const looked = emails.length
    ? l10n.t('Growth Ledger looked for commits by {0}.', emails.join(', '))
    : l10n.t('Git has no user.email set here, so Growth Ledger does not know which commits are yours.');
  const actions: Child[] = [button(l10n.t('Add an email alias'), () => post({ type: 'addAlias' }), { icon: 'mail', testid: 'add-alias' })];
  if (state.period.preset !== 'all') {
    actions.push(button(l10n.t('Show all history'), () => post({ type: 'setPeriod', preset: 'all' }), { secondary: true, testid: 'show-all-history' }));
  }
  return callout(
    'warning',
    'warning',
    l10n.t('No commits by you in this period'),
    [looked, l10n.t('If you also commit with another address, add it as an alias.')],
    actions,
    'no-commits',
  );
}

/** Addresses that look like mine: offered one by one, added only by a click. */
function aliasCallout(candidates: AnalysisView['aliasCandidates']): HTMLElement {
  const why = (c: AnalysisView['aliasCandidates'][number]) => (c.reason === 'github-noreply' ? l10n.t('GitHub privacy address') : l10n.t('your name'));
  return callout(
    'info',
    'mail',
    candidates.length === 1 ? l10n.t('Is this address yours too?') : l10n.t('Are these addresses yours too?'),
    [
      h(
        'ul',
        { class: 'alias-candidates', attrs: { role: 'list' } },
        ...candidates.map(c =>
          h(
            'li',
            { class: 'alias-candidate', testid: 'alias-candidate' },
            h(
              'span',
              { class: 'alias-text' },
              h('bdi', {}, `${c.name} <${c.email}>`),
              h('span', { class: 'muted' }, ` · ${why(c)} · ${commitCount(c.commits)}`),
            ),
            button(l10n.t('Add alias'), () => post({ type: 'addAlias', email: c.email }), {
              secondary: true,
              testid: `add-alias-${c.email}`,
              title: l10n.t('Count commits by {0} as yours', c.email),
            }),
          ),
        ),
      ),
      l10n.t('Commits by an address you add count as yours. Nothing is added until you choose.'),
    ],
    [],
    'alias-candidates',
  );
}

function summary(a: AnalysisView): HTMLElement {
  const stat = (id: string, value: number, label: string, title: string): HTMLElement =>
    h(
      'div',
      { class: 'stat', title, attrs: { role: 'listitem', 'data-stat': id } },
      h('span', { class: 'stat-value' }, count(value)),
      h('span', { class: 'stat-label' }, label),
    );
  return h(
    'div',
    { class: 'summary', testid: 'summary', attrs: { role: 'list', 'aria-label': l10n.t('Summary of the period') } },
    stat('commits', a.totals.commitsAuthored, l10n.t('Commits'), l10n.t('Non-merge commits you authored in the period')),
    stat('weeks', a.totals.activeWeeks, l10n.t('Active weeks'), l10n.t('Weeks with at least one commit of yours')),
    stat('reviews', reviewsGiven(a), l10n.t('Reviews'), l10n.t('Review trailers naming you, merges of others’ work and patches you applied')),
    stat('mentored', a.mentoredTotal, l10n.t('Mentored'), l10n.t('People who credited your help, or whom you guided on two or more days')),
    stat('wins', a.wins.length, l10n.t('Wins'), l10n.t('Wins you logged in the notes folder')),
  );
}

function ownership(areas: OwnershipView[], multiRepo: boolean): HTMLElement {
  const body: Child[] = areas.length
    ? [h('ul', { class: 'ownership', attrs: { role: 'list' } }, ...areas.map(o => ownershipRow(o, multiRepo)))]
    : [emptyState(l10n.t('No area shows your ownership yet. Commit to one area over several months to show ownership.'))];
  return section('ownership', l10n.t('Ownership'), body, { testid: 'ownership', badge: areas.length ? String(areas.length) : undefined });
}

function ownershipRow(o: OwnershipView, multiRepo: boolean): HTMLElement {
  const where = multiRepo ? `${o.repoName}: ${o.path}` : o.path;
  const stats = `${percent(o.share)} · ${commitCount(o.commits)}`;
  const tags: Child[] = [];
  if (o.mainDeveloper)
    tags.push(
      h(
        'span',
        { class: 'tag', title: l10n.t('You changed more of this area’s lines than anyone else in the period') },
        icon('star-full'),
        l10n.t('main developer'),
      ),
    );
  if (o.soleRecentAuthor) {
    tags.push(
      h(
        'span',
        { class: 'tag tag-risk', title: l10n.t('Knowledge risk: nobody else has changed this area recently. Document it or pair someone through a change.') },
        icon('warning'),
        l10n.t('only recent author'),
        srOnly(` ${l10n.t('(knowledge risk: nobody else has changed this area recently)')}`),
      ),
    );
  }
  return h(
    'li',
    {
      class: 'ownership-row',
      title: `${where}\n${l10n.t('{0} of changed lines', percent(o.share))} · ${commitCount(o.commits)} · ${plural(o.linesChanged, l10n.t('{0} line changed'), l10n.t('{0} lines changed'))}`,
    },
    h(
      'div',
      { class: 'ownership-head' },
      icon('folder', 'ownership-icon'),
      h('span', { class: 'ownership-path' }, multiRepo ? h('span', { class: 'muted' }, `${o.repoName}: `) : null, h('bdi', {}, o.path || l10n.t('(root)'))),
      h('span', { class: 'ownership-stats' }, stats),
    ),
    meter(o.share, l10n.t('{0} of changed lines', percent(o.share))),
    tags.length ? h('div', { class: 'tags' }, ...tags) : null,
  );
}

const TRAILER_ORDER = ['Reviewed-by', 'Acked-by', 'Tested-by', 'Approved-by'];

function reviews(a: AnalysisView): HTMLElement {
  const keys = [
    ...TRAILER_ORDER,
    ...Object.keys(a.reviewsByTrailer)
      .filter(k => !TRAILER_ORDER.includes(k))
      .sort(),
  ];
  const rows: [string, number, string][] = [
    ...keys.map((k): [string, number, string] => [k, a.reviewsByTrailer[k] ?? 0, l10n.t('Commits with a {0} trailer naming you', k)]),
    [l10n.t('Merged for others'), a.totals.mergesOfOthersWork, l10n.t('Merge commits you made of branches or pull requests by someone else')],
    [l10n.t('Patches applied'), a.totals.commitsCommittedForOthers, l10n.t('Commits you committed that someone else authored')],
    ...(a.reviewsElsewhere.gerritVotes
      ? [
          [l10n.t('Gerrit votes'), a.reviewsElsewhere.gerritVotes, l10n.t('Others’ changes you voted on in Gerrit (its review notes)')] as [
            string,
            number,
            string,
          ],
        ]
      : []),
    ...(a.reviewsElsewhere.imported
      ? [[l10n.t('Imported'), a.reviewsElsewhere.imported, l10n.t('Reviews imported from the code host, closed in the period')] as [string, number, string]]
      : []),
  ];
  const total = reviewsGiven(a);
  const max = Math.max(1, ...rows.map(r => r[1]));
  const analysed = a.repos.filter(r => r.workflow);
  const unrecorded = analysed.length > 0 && analysed.every(r => !r.workflow!.reviewsRecorded);
  const body: Child[] =
    unrecorded && total === 0
      ? [notRecorded(analysed)]
      : total
        ? [
            h(
              'ul',
              { class: 'counts', attrs: { role: 'list' } },
              ...rows.map(([label, n, title]) =>
                h(
                  'li',
                  { class: n ? 'count-row' : 'count-row count-zero', title },
                  h('span', { class: 'count-label' }, label),
                  meter(n / max, `${count(n)}`, 'count-meter'),
                  h('span', { class: 'count-value' }, count(n)),
                ),
              ),
            ),
          ]
        : [emptyState(l10n.t('No reviews found in this period. Your name in a Reviewed-by trailer, or merging a teammate’s branch, counts as a review.'))];
  return section('reviews', l10n.t('Reviews given'), body, { testid: 'reviews', badge: count(total) });
}

/** Reviews git cannot show here: said plainly, with the way to bring them in, never as "you did none". */
function notRecorded(repos: AnalysisView['repos']): HTMLElement {
  return h(
    'div',
    { class: 'not-visible', testid: 'reviews-not-recorded' },
    icon('eye-closed'),
    h(
      'div',
      {},
      h(
        'p',
        {},
        h('strong', {}, `${l10n.t('Not visible here.')} `),
        repos.length === 1 ? repos[0]!.workflow!.description : l10n.t('These repositories’ changes land without a reviewer recorded in git.'),
      ),
      h('p', {}, l10n.t('Bring them in from the code host (import your reviews, or fetch Gerrit’s review notes), or log a win for a review that mattered.')),
      h(
        'div',
        { class: 'actions' },
        button(l10n.t('Import Reviews…'), () => post({ type: 'importReviews' }), {
          icon: 'cloud-download',
          testid: 'import-reviews',
          focusKey: 'reviews-import',
        }),
        button(l10n.t('Log a Win'), () => post({ type: 'logWin' }), { icon: 'add', secondary: true, focusKey: 'reviews-log-win' }),
      ),
    ),
  );
}

function mentoring(people: AnalysisView['mentored'], total: number, helped: number): HTMLElement {
  const sorted = [...people].sort((x, y) => y.commits - x.commits || x.name.localeCompare(y.name));
  const body: Child[] = sorted.length
    ? [
        h(
          'ul',
          { class: 'people', attrs: { role: 'list' } },
          ...sorted.map(p =>
            h(
              'li',
              { class: 'person', title: p.email ? `${p.name} <${p.email}>` : p.name },
              icon('person', 'person-icon'),
              h('span', { class: 'person-name' }, p.name || p.email),
              h('span', { class: 'person-commits' }, commitCount(p.commits)),
              iconButton('circle-slash', l10n.t('Not a person: stop counting {0}', p.name || p.email), () => post({ type: 'markNotPerson', email: p.email }), {
                testid: `not-a-person-${p.email}`,
                focusKey: `not-person:${p.email}`,
              }),
            ),
          ),
        ),
        ...(total > sorted.length ? [h('p', { class: 'muted people-more' }, l10n.t('+{0} more.', count(total - sorted.length)))] : []),
      ]
    : [emptyState(l10n.t('Nobody credited your help yet. Pair with a newer colleague and credit it with a Co-authored-by, Helped-by or Mentored-by trailer.'))];
  if (helped > 0) {
    body.push(
      h(
        'p',
        {
          class: 'muted people-helped',
          testid: 'people-helped',
          title: l10n.t('People whose work you helped with once (one change, or several on one day): helping, not yet mentoring'),
        },
        helped === 1 ? l10n.t('Helped once: 1 person.') : l10n.t('Helped once: {0} people.', count(helped)),
      ),
    );
  }
  return section('mentoring', l10n.t('People mentored'), body, { testid: 'mentoring', badge: total ? count(total) : undefined });
}

function footer(a: AnalysisView): HTMLElement {
  const scanned = a.repos.reduce((sum, r) => sum + r.commitsScanned, 0);
  const names = a.repos
    .filter(r => !r.unreachable)
    .map(r => r.name)
    .join(', ');
  const notes: Child[] = [];
  for (const r of a.repos) {
    // A repository from the setting is fixed there: its note says so and opens it.
    const fromSetting = r.fromSetting && !r.unreachable ? ` ${l10n.t('(added by the setting growthLedger.repositories)')}` : '';
    const openSetting = r.fromSetting
      ? iconButton('settings-gear', l10n.t('Open the setting growthLedger.repositories'), () => post({ type: 'openSettings', setting: 'repositories' }), {
          testid: 'open-repositories-setting',
        })
      : null;
    if (r.error) {
      notes.push(
        h(
          'p',
          { class: 'footer-note footer-error', title: r.path, testid: 'repo-error' },
          icon('error'),
          h('span', {}, `${r.name}: ${r.error}${fromSetting}`),
          openSetting,
        ),
      );
      continue;
    }
    for (const notice of r.notices ?? [])
      notes.push(h('p', { class: 'footer-note footer-warning', title: r.path }, icon('info'), h('span', {}, `${r.name}: ${notice}`)));
    if (r.workflow && !r.workflow.reviewsRecorded)
      notes.push(h('p', { class: 'footer-note', title: r.path }, icon('info'), h('span', {}, `${r.name}: ${r.workflow.description}`)));
    if (r.shallow)
      notes.push(
        h(
          'p',
          { class: 'footer-note footer-warning', title: r.path },
          icon('warning'),
          h('span', {}, l10n.t('{0} is a shallow clone: older history is missing. Run git fetch --unshallow for the full picture.', r.name)),
        ),
      );
  }
  return h(
    // A plain block, not a contentinfo landmark: it sits inside the page's main landmark.
    'div',
    { class: 'footer', testid: 'footer' },

    ...notes,
    h(
      'p',
      { class: 'muted' },
      l10n.t('Read {0} in {1}. Updated {2}. Nothing leaves this machine.', commitCount(scanned), names || l10n.t('no repository'), dateTime(a.generatedAt)),
    ),
  );
}
