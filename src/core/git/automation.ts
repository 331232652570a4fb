import type { Person } from '../model';

/**
 * Bots, AI assistants and code-host services: identities that author, commit or co-author commits but are not
 * people, so they are never counted as someone mentored, reviewed or worked with. Kept as data, read by
 * `isAutomation` alone, so a new assistant is one line here and one test.
 */
export const AUTOMATION = {
  /** Display names, matched whole and case-insensitively; a trailing "(model)" or "powered by AI" is ignored. */
  names: [
    'claude',
    'claude code',
    'copilot',
    'github copilot',
    'copilot autofix',
    'chatgpt',
    'openai codex',
    'codex',
    'gemini',
    'gemini code assist',
    'cursor',
    'cursor agent',
    'aider',
    'devin ai',
    'codeium',
    'windsurf',
    'amazon q',
    'amazon q developer',
    'tabnine',
    'sweep',
    'openhands',
    'coderabbit',
    'github',
    'gitlab',
    'github enterprise',
    'github action',
    'github actions',
  ],
  /** Names that start like these are a service's, whatever follows (dependabot-preview, renovate-bot, …). */
  namePrefixes: [
    'dependabot',
    'renovate',
    'github-actions',
    'greenkeeper',
    'snyk-bot',
    'mergify',
    'codecov',
    'semantic-release-bot',
    'pre-commit-ci',
    'allcontributors',
    'imgbot',
    'copilot-swe-agent',
    'google-labs-jules',
    'devin-ai-integration',
  ],
  /**
   * GitHub account ids of automation, as they appear in `ID+login@users.noreply.github.com` addresses: the
   * address of a real person has the same form, so the id (or a `[bot]` login) is what tells them apart.
   */
  githubIds: [
    175728472, // Copilot
    198982749, // Copilot coding agent (copilot-swe-agent[bot])
    62310815, // github-advanced-security[bot] (Copilot Autofix)
    41898282, // github-actions[bot]
    49699333, // dependabot[bot]
    29139614, // renovate[bot]
    66853113, // pre-commit-ci[bot]
    37929162, // mergify[bot]
    158243242, // devin-ai-integration[bot]
    161369871, // google-labs-jules[bot]
  ],
  /** Logins of automation that have no `[bot]` suffix in their noreply address. */
  githubLogins: ['copilot', 'github-actions', 'dependabot', 'renovate'],
  /**
   * Assistants' vendors: an address there is an assistant's when its local part is a service one or one of these
   * (`noreply@anthropic.com`, `cursoragent@cursor.com`); the vendors' staff are people.
   */
  assistantDomains: ['anthropic.com', 'openai.com', 'cursor.com', 'cursor.sh', 'aider.chat', 'devin.ai', 'cognition.ai', 'all-hands.dev', 'coderabbit.ai'],
  assistantLocalParts: ['claude', 'cursoragent', 'agent', 'codex', 'openhands', 'devin', 'aider'],
  /** Local parts that mark a service address on any domain (`noreply@github.com`, `do-not-reply@…`). */
  serviceLocalParts: /^(no-?reply|do-?not-?reply|noreply\+[^@]*|bot|.*-bot|.*\[bot\])$/i,
  /** GitLab's project and group access-token bots: `project_123_bot_…@noreply.gitlab.com`. */
  gitlabBots: /^(project|group)_\d+_bot(_[0-9a-f]+)?@noreply\./i,
} as const;

const names = new Set<string>(AUTOMATION.names);
const githubIds = new Set<number>(AUTOMATION.githubIds);
const githubLogins = new Set<string>(AUTOMATION.githubLogins);
const assistantDomains = new Set<string>(AUTOMATION.assistantDomains);
const assistantLocalParts = new Set<string>(AUTOMATION.assistantLocalParts);
const GITHUB_NOREPLY = /^(?:(\d+)\+)?([^@]+)@users\.noreply\.github\.com$/;

/** The name without what assistants append to it: "aider (openai/gpt-4o)", "Copilot Autofix powered by AI". */
function bareName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/\s*\([^)]*\)$/, '')
    .replace(/\s+powered by ai$/, '');
}

/** True for bots, AI assistants and code-host services; false for anyone who may be a person. */
export function isAutomation(person: Person): boolean {
  const email = person.email.trim().toLowerCase();
  const name = bareName(person.name);
  if (/\[bot\]/.test(email) || /\[bot\]$|\sbot$|^bot$/.test(name)) return true;
  if (names.has(name) || AUTOMATION.namePrefixes.some(prefix => name.startsWith(prefix))) return true;
  // GitHub's privacy address belongs to a real person unless its id or login is automation's.
  const noreply = GITHUB_NOREPLY.exec(email);
  if (noreply) return (noreply[1] !== undefined && githubIds.has(Number(noreply[1]))) || githubLogins.has(noreply[2]!);
  const at = email.lastIndexOf('@');
  const local = at < 0 ? email : email.slice(0, at);
  const domain = at < 0 ? '' : email.slice(at + 1);
  if (AUTOMATION.gitlabBots.test(email) || AUTOMATION.serviceLocalParts.test(local)) return true;
  return assistantDomains.has(domain) && assistantLocalParts.has(local);
}
