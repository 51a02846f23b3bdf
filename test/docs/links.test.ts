import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { brokenLinks, documentationFiles, headingSlugs, links, REPO_ROOT } from './markdown';

describe('documentation links', () => {
  test('README.md and docs/ are the documentation set', () => {
    const files = documentationFiles();
    expect(files).toContain('README.md');
    expect(files).toContain('docs/cli.md');
    expect(files).toContain('docs/constructs/queue-worker.md');
  });

  test('every relative link and anchor in README.md and docs/ resolves inside the repository', () => {
    expect(brokenLinks()).toEqual([]);
  });

  test('nothing points at the team folders outside the repository', () => {
    const outside = /\.\.\/shared|shared folder|CHECKLIST\.md|batch-workloads-lesson/;
    const mentions = documentationFiles().flatMap((file) =>
      fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n')
        .map((text, index) => ({ text, where: `${file}:${index + 1}` }))
        .filter(({ text }) => outside.test(text))
        .map(({ where, text }) => `${where}: ${text.trim()}`));
    expect(mentions).toEqual([]);
  });
});

describe('the link checker', () => {
  test('computes GitHub heading anchors', () => {
    const slugs = headingSlugs([
      '# cdk8s-batch',
      '## Native sidecars (`sidecars`)',
      '### Checked at synth time: env, secrets, placement, PromQL',
      '## In CI: every input gets an answer',
      '```sh',
      '# a shell comment, not a heading',
      '```',
      '## Usage',
      '## Usage',
    ].join('\n'));
    expect([...slugs].sort()).toEqual([
      'cdk8s-batch',
      'checked-at-synth-time-env-secrets-placement-promql',
      'in-ci-every-input-gets-an-answer',
      'native-sidecars-sidecars',
      'usage',
      'usage-1',
    ]);
  });

  test('reads links outside code only', () => {
    const found = links([
      'See [the CLI](docs/cli.md#baseline) and ![logo](img/logo.png "Logo").',
      'Code is not a link: `[x](nowhere.md)`.',
      '```md',
      '[inside a fence](nowhere.md)',
      '```',
      '[external](https://example.com/x)',
    ].join('\n'));
    expect(found).toEqual([
      { target: 'docs/cli.md#baseline', line: 1 },
      { target: 'img/logo.png', line: 1 },
      { target: 'https://example.com/x', line: 6 },
    ]);
  });

  test('reports missing files, missing anchors and links out of the repository', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-links-'));
    try {
      fs.mkdirSync(path.join(root, 'docs'));
      fs.writeFileSync(path.join(root, 'docs', 'cli.md'), '# The CLI\n\n## Baseline\n');
      fs.writeFileSync(path.join(root, 'README.md'), [
        '[ok](docs/cli.md#baseline)',
        '[no anchor](docs/cli.md#sarif)',
        '[no file](docs/schedule.md)',
        '[outside](../shared/lesson.txt)',
        '[own anchor](#nothing-here)',
        '[rule page, not generated in this tree](docs/rules/retention.md)',
      ].join('\n'));
      expect(brokenLinks(root)).toEqual([
        'README.md:2: docs/cli.md#sarif: no heading with anchor #sarif in docs/cli.md',
        'README.md:3: docs/schedule.md: no such file or folder',
        'README.md:4: ../shared/lesson.txt: points outside the repository',
        'README.md:5: #nothing-here: no heading with anchor #nothing-here in README.md',
      ]);
      fs.mkdirSync(path.join(root, 'docs', 'rules'));
      expect(brokenLinks(root)).toContain('README.md:6: docs/rules/retention.md: no such file or folder');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
