import * as fs from 'fs';
import * as path from 'path';

/** What the CLI tells about itself, from the package.json that ships beside lib/ (or src/ under ts-node). */
export interface PackageInfo {
  readonly version: string;
  /**
   * The repository's web address, without a trailing `.git` or slash. It comes from
   * `repositoryUrl` in .projenrc.ts (the one place it is written), through package.json.
   */
  readonly repositoryUrl?: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
      version?: string;
      repository?: string | { url?: string };
    };
    const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    cached = { version: pkg.version ?? '0.0.0', repositoryUrl: url ? webUrl(url) : undefined };
  } catch {
    cached = { version: '0.0.0' };
  }
  return cached;
}

/** `git+https://host/o/r.git` → `https://host/o/r`; undefined for anything that is not an https address. */
function webUrl(url: string): string | undefined {
  const clean = url.replace(/^git\+/, '').replace(/\.git$/, '').replace(/\/+$/, '');
  return /^https:\/\/[^\s/]+\/\S+$/.test(clean) ? clean : undefined;
}

/** The rule's reference page inside the repository and the package: `docs/rules/<id>.md`. */
export function ruleDocsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

/**
 * The rule's page for this release: `<repository>/blob/v<version>/docs/rules/<id>.md`, so a
 * code-scanning alert or a JSON finding links the text of the version that raised it.
 */
export function ruleDocsUrl(ruleId: string): string | undefined {
  const { repositoryUrl, version } = packageInfo();
  return repositoryUrl ? `${repositoryUrl}/blob/v${version}/${ruleDocsPath(ruleId)}` : undefined;
}

/** Where a finding points its reader: the versioned page, or the page's path in the package when the repository is unknown. */
export function ruleDocsLink(ruleId: string): string {
  return ruleDocsUrl(ruleId) ?? ruleDocsPath(ruleId);
}
