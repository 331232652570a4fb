/**
 * Web links for commits on known hosts, built from a remote URL. Only https links are produced, and only from the
 * host and path of the remote: nothing from commit text ever becomes part of a URL.
 */
export type CommitLinker = (sha: string) => string | undefined;

interface ParsedRemote {
  host: string;
  /** Path without leading slash or trailing .git, e.g. `acme/payments`. */
  repoPath: string;
}

export function parseRemote(url: string): ParsedRemote | undefined {
  const trimmed = url.trim();
  // scp-like: git@github.com:acme/payments.git
  const scp = /^(?:[^@/\s]+@)?([A-Za-z0-9.-]+):(?!\/\/)(.+)$/.exec(trimmed);
  let host: string;
  let repoPath: string;
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    host = scp[1]!;
    repoPath = scp[2]!;
  } else {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(parsed.protocol)) return undefined;
    host = parsed.hostname;
    repoPath = decodeURIComponent(parsed.pathname);
  }
  repoPath = repoPath
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  if (!/^[A-Za-z0-9._~/-]+$/.test(repoPath) || repoPath.includes('..') || !/^[A-Za-z0-9.-]+$/.test(host)) return undefined;
  return { host: host.toLowerCase(), repoPath };
}

/** Returns a linker for the remote, or undefined when the host is not one we know how to link to. */
export function commitLinker(remoteUrl: string | undefined): CommitLinker | undefined {
  if (!remoteUrl) return undefined;
  const remote = parseRemote(remoteUrl);
  if (!remote) return undefined;
  const { host, repoPath } = remote;
  const base = `https://${host}/${repoPath}`;
  const safe = (sha: string) => /^[0-9a-f]{7,64}$/i.test(sha);
  if (host === 'github.com' || host.startsWith('github.')) return sha => (safe(sha) ? `${base}/commit/${sha}` : undefined);
  if (host === 'gitlab.com' || host.startsWith('gitlab.')) return sha => (safe(sha) ? `${base}/-/commit/${sha}` : undefined);
  if (host === 'bitbucket.org') return sha => (safe(sha) ? `${base}/commits/${sha}` : undefined);
  if (host.endsWith('.googlesource.com')) {
    // Gerrit on googlesource: the review host serves https://HOST/REPO/+/SHA
    const project = repoPath.replace(/^a\//, '');
    return sha => (safe(sha) ? `https://${host}/${project}/+/${sha}` : undefined);
  }
  return undefined;
}
