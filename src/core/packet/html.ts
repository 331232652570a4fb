import { createHash } from 'node:crypto';
import type { Analysis } from '../analyze';
import type { EvidenceItem } from '../model';
import { escapeHtml as h, plain, safeHref, shortCommit } from './text';
import {
  buildPacketView,
  figureText,
  invisibleReason,
  levelName,
  statementBlocks,
  statusLabel,
  winCommits,
  type ExpectationRow,
  type PacketView,
} from './model';
import { areaLabel } from '../evidence/ownership';
import { planHtml } from './plan';

const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --ok: #1a7f37; --part: #9a6700; --none: #59636e; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); max-width: 960px; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.8rem; margin-bottom: .25rem; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .25rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
.meta { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
.status { font-weight: 600; white-space: nowrap; }
.demonstrated { color: var(--ok); } .partial { color: var(--part); } .none { color: var(--none); }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; padding: 0 .25rem; border-radius: 3px; }
ul, ol { padding-left: 1.25rem; } li { margin: .15rem 0; }
.highlights li { margin: .35rem 0; } .figure { font-weight: 600; }
.statement { border-left: 3px solid var(--line); padding-left: .75rem; margin: .5rem 0; }
.appendix details { margin: .35rem 0; } .appendix summary { cursor: pointer; font-weight: 600; }
.appendix ul { margin: .25rem 0 .5rem; font-size: 13px; }
footer { margin-top: 2rem; color: var(--muted); font-size: 12px; }
@media print {
  @page { margin: 16mm 14mm; }
  body { margin: 0; max-width: none; font-size: 10pt; line-height: 1.35; }
  h3 { margin: .7rem 0 .1rem; } li, .highlights li { margin: .05rem 0; } ul, ol { margin: .2rem 0; }
  h1 { font-size: 18pt; margin-top: 0; } h2 { margin-top: 1.1rem; } table { margin: .3rem 0 .6rem; } th, td { padding: .15rem .4rem; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; } tr, li { break-inside: avoid; }
  .appendix { break-before: page; font-size: 8.5pt; } .appendix ul { font-size: 8.5pt; } .appendix li { margin: 0; }
  .appendix summary { list-style: none; }
  .appendix details::details-content { content-visibility: visible; display: block; }
}`;

/** The CSP source that allows exactly this stylesheet, and nothing an attacker could add: its SHA-256. */
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`;

function commitRef(commit: string, link: string | undefined): string {
  const sha = h(shortCommit(commit));
  const href = safeHref(link);
  return href ? `<a href="${h(href)}"><code>${sha}</code></a>` : `<code>${sha}</code>`;
}

function cite(a: Analysis, e: EvidenceItem): string {
  if (e.signal === 'win.logged') {
    const commits = winCommits(a, e).map(c => commitRef(c.sha, c.link));
    return `logged win <em>${h(plain(e.subject, 120))}</em> (${h(e.date)})${commits.length ? `, ${commits.join(', ')}` : ''}`;
  }
  const ref = commitRef(e.commit, e.link);
  const review = safeHref(e.url);
  const subject = !e.summary.includes(e.subject) ? ` ${h(plain(e.subject, 120))}` : '';
  return `${ref}${subject} (${h(e.date)})${review ? ` <a href="${h(review)}">review</a>` : ''}`;
}

function withFigure(e: EvidenceItem): string {
  const figure = figureText(e);
  return `${h(plain(e.summary, 200))}${figure ? ` \u2014 <span class="figure">${h(figure)}</span>` : ''}`;
}

/**
 * The promotion packet as one self-contained HTML file: no scripts and no external resources (its CSP forbids both),
 * the one inline stylesheet allowed by its hash, and a print stylesheet so "Print to PDF" gives a clean document with
 * the summary and highlights on page one and the appendix, opened, from a new page.
 */
export function renderHtml(analysis: Analysis): string {
  const v = buildPacketView(analysis);
  const parts: string[] = [];
  parts.push(`<h1>${h(plain(v.title))}</h1>`);
  parts.push(
    `<p class="meta">Period: ${h(v.periodLabel)} · Generated ${h(v.generated)} · Framework: ${h(plain(v.frameworkName))}<br>Repositories: ${v.repos.map(r => `<code>${h(plain(r))}</code>`).join(', ') || 'none'}</p>`,
  );
  parts.push(`<h2>Summary</h2><ul>${v.headline.map(s => `<li>${h(s)}</li>`).join('')}</ul>`);

  parts.push('<h2>Highlights</h2>');
  if (v.highlights.length === 0) parts.push('<p class="meta">No evidence in this period yet.</p>');
  else {
    const items = v.highlights.map(({ item, supports }) => {
      const figure = figureText(item);
      const what = supports.map(x => h(plain(x.title))).join('; ');
      return `<li><strong>${h(plain(item.summary, 200))}</strong>${figure ? `: <span class="figure">${h(figure)}</span>` : ''}. ${what ? `Supports: ${what}. ` : ''}${cite(analysis, item)}</li>`;
    });
    parts.push(`<ol class="highlights">${items.join('')}</ol>`);
  }

  for (const level of v.levels) {
    parts.push(`<h2>${h(level.title)}: ${level.demonstrated} of ${level.total} demonstrated</h2>`);
    parts.push('<table><thead><tr><th>Expectation</th><th>Area</th><th>Status</th><th>Evidence</th></tr></thead><tbody>');
    for (const { result: r } of level.rows) {
      parts.push(
        `<tr><td>${h(plain(r.title))}</td><td>${h(plain(r.areaTitle))}</td><td class="status ${r.status}">${statusLabel(r)}</td><td>${r.evidence} of ${r.demonstratedAt}</td></tr>`,
      );
    }
    parts.push('</tbody></table>');
  }

  parts.push('<h2>The evidence, expectation by expectation</h2>');
  for (const level of v.levels) for (const row of level.rows) if (row.inBody) parts.push(expectationSection(analysis, row));

  parts.push('<h2>Gaps and next steps</h2>');
  if (v.gaps.length === 0) parts.push('<p>Every expectation the history can show is demonstrated in this period.</p>');
  else
    parts.push(
      `<ul>${v.gaps.map(g => `<li><strong>${h(plain(g.title))}</strong> (${levelName(g.level)}, ${statusLabel(g).toLowerCase()}, ${g.evidence} of ${g.demonstratedAt}): ${h(plain(g.nextStep, 1000))}</li>`).join('')}</ul>`,
    );
  if (v.notVisible.length) {
    parts.push('<h2>Not visible here</h2>');
    parts.push(
      `<ul>${v.notVisible.map(x => `<li><strong>${h(plain(x.title))}</strong> (${levelName(x.level)}): ${h(invisibleReason(x))}</li>`).join('')}</ul>`,
    );
  }
  // The plan (track, goals, feedback, the trajectory) between the gaps and the appendix, when there is plan data.
  parts.push(...planHtml(analysis));

  parts.push(appendix(v));

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${STYLE_HASH}; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Growth Ledger">
<title>${h(plain(v.title))}</title>
<style>${STYLE}</style>
</head>
<body>
${parts.join('\n')}
<footer>Made by Growth Ledger from local git history and notes. Nothing left this machine.</footer>
</body>
</html>
`;
}

function expectationSection(a: Analysis, { result: r, statement, top, more }: ExpectationRow): string {
  const parts = [
    `<h3>${h(plain(r.title))} (${levelName(r.level)}): <span class="${r.status}">${statusLabel(r)}</span>, ${r.evidence} of ${r.demonstratedAt}</h3>`,
  ];
  if (statement?.text) {
    const blocks = statementBlocks(statement.text).map(b =>
      b.list ? `<ul>${b.lines.map(l => `<li>${h(plain(l, 2000))}</li>`).join('')}</ul>` : `<p>${h(plain(b.lines[0]!, 4000))}</p>`,
    );
    parts.push(`<div class="statement">${blocks.join('')}</div>`);
  }
  if (top.length === 0) {
    parts.push(
      `<p class="meta">${r.visibility !== 'visible' && r.status === 'none' ? `Not visible here: ${h(invisibleReason(r))}.` : 'No evidence in this period yet.'}</p>`,
    );
    return parts.join('');
  }
  const rows = top.map(e => `<li>${withFigure(e)}: ${cite(a, e)}</li>`);
  if (more > 0) rows.push(`<li>and ${more} more in the appendix</li>`);
  parts.push(`<ul>${rows.join('')}</ul>`);
  return parts.join('');
}

function appendix(v: PacketView): string {
  const a = v.analysis;
  const parts = ['<section class="appendix"><h2>Appendix: all evidence</h2>'];
  for (const level of v.levels) {
    for (const { result, shown, hidden } of level.rows) {
      if (shown.length === 0 && hidden === 0) continue;
      const count = `${shown.length} item${shown.length === 1 ? '' : 's'}${hidden ? `, ${hidden} left out by me` : ''}`;
      const items = shown
        .map(e => `<li>${h(e.date)} · ${withFigure(e)} · ${e.signal === 'win.logged' ? 'logged win' : commitRef(e.commit, e.link)}</li>`)
        .join('');
      parts.push(`<details><summary>${h(plain(result.title))} (${levelName(result.level)}): ${count}</summary>${items ? `<ul>${items}</ul>` : ''}</details>`);
    }
  }

  const ownership =
    a.ownership.length === 0
      ? '<p class="meta">No areas with commits of mine in this period.</p>'
      : `<table><thead><tr><th>Area</th><th>My share of lines</th><th>Lines I changed</th><th>My commits</th><th>My share of commits, ever</th><th>Months active</th><th>Notes</th></tr></thead><tbody>${a.ownership
          .slice(0, 15)
          .map(o => {
            const notes = [o.mainDeveloper ? 'main developer' : '', o.soleRecentAuthor ? 'only recent author' : ''].filter(Boolean).join(', ');
            return `<tr><td><code>${h(plain(areaLabel(o.path)))}</code></td><td>${Math.round(o.share * 100)}%</td><td>${o.linesChanged}</td><td>${o.commits}</td><td>${Math.round(o.lifetimeShare * 100)}%</td><td>${o.activeMonths}</td><td>${notes}</td></tr>`;
          })
          .join('')}</tbody></table>`;
  parts.push(`<details><summary>Ownership: ${a.ownership.length} area${a.ownership.length === 1 ? '' : 's'}</summary>${ownership}</details>`);

  const t = a.reviews.byTrailer;
  parts.push(
    `<details><summary>Reviews given</summary><p>By trailer: Reviewed-by ${t['Reviewed-by']}, Acked-by ${t['Acked-by']}, Tested-by ${t['Tested-by']}, Approved-by ${t['Approved-by']}; merges of others' work ${a.totals.mergesOfOthersWork}; patches applied ${a.totals.commitsCommittedForOthers}.</p></details>`,
  );

  const people = a.mentoring.people.map(
    p => `<li>${h(plain(p.name || p.email))} (${h(plain(p.email))}): ${p.commits} commit${p.commits === 1 ? '' : 's'}</li>`,
  );
  if (people.length && a.mentoring.helped) people.push(`<li>and ${a.mentoring.helped} more helped once</li>`);
  parts.push(
    `<details><summary>People mentored: ${a.mentoring.people.length}</summary>${people.length ? `<ul>${people.join('')}</ul>` : `<p class="meta">No one mentored in this period${a.mentoring.helped ? `; ${a.mentoring.helped} helped once` : ''}.</p>`}</details>`,
  );

  const wins = a.wins.map(w => {
    const lines = [`<h3>${h(plain(w.title))} (${h(w.date)})</h3>`];
    if (w.impact) lines.push(`<p><strong>Impact:</strong> ${h(plain(w.impact, 1000))}</p>`);
    if (w.expectations.length) lines.push(`<p>Supports: ${w.expectations.map(x => `<code>${h(plain(x))}</code>`).join(', ')}</p>`);
    if (w.commits.length) lines.push(`<p>Commits: ${w.commits.map(c => `<code>${h(plain(c.slice(0, 12)))}</code>`).join(', ')}</p>`);
    if (w.text.trim()) lines.push(`<p>${h(plain(w.text, 4000))}</p>`);
    return lines.join('');
  });
  parts.push(`<details><summary>Logged wins: ${a.wins.length}</summary>${wins.join('') || '<p class="meta">No wins logged in this period.</p>'}</details>`);
  parts.push('</section>');
  return parts.join('\n');
}
