/**
 * The README snippets test:languages runs (test/languages/readme-snippets.ts): that they are
 * found where the README keeps them, and that the wrapping added around the Java snippet is only
 * a class and a main method. Running them needs the packaged languages, so that is
 * test:languages' part; this part needs nothing and runs with every build.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runInNewContext } from 'vm';
import { javaProgram, readmeSnippets, typescriptProgram } from './readme-snippets';
import { EXAMPLE_KUBERNETES_VERSION } from '../../examples/kubernetes-version';

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('the README snippets test:languages runs', () => {
  const snippets = readmeSnippets(README);

  test('the tour and its Python, Java and Go versions build the same construct, with the same values', () => {
    for (const code of [snippets.typescript, snippets.python, snippets.java, snippets.go]) {
      expect(code).toMatch(/daily-ledger-reconciliation/);
      for (const value of ['15 1 * * *', 'finance-platform', 'ledger-reconciliation:{businessDate}:{accountId}',
        'finance.reconciliation_runs table', 'registry.example.com/finance/reconciler:2026.07.01', 'LEDGER_DB_PASSWORD', 'ledger-db']) {
        expect(code).toContain(value);
      }
    }
  });

  test('a missing or doubled block is named, not skipped', () => {
    const withoutGo = README.replace(/```go\n[\s\S]*?\n```\n/, '');
    expect(() => readmeSnippets(withoutGo)).toThrow('README.md: expected one go block under "## Python, Java and Go", found 0');
    expect(() => readmeSnippets('# nothing\n')).toThrow('README.md: no section "## A tour"');
  });

  test('the Java snippet keeps its imports at the top and its statements become the main method', () => {
    const program = javaProgram('import a.B;\nimport c.D;\n\n// in a main method:\nB b = new B();\nb.run();', 'Snippet');
    expect(program).toBe([
      'import a.B;',
      'import c.D;',
      '',
      'public class Snippet {',
      '    public static void main(String[] args) {',
      '        B b = new B();',
      '        b.run();',
      '    }',
      '}',
      '',
    ].join('\n'));
    expect(javaProgram(snippets.java, 'ReadmeSnippet')).toMatch(/^import io\.github\.example\.cdk8sbatch\.ReconciliationCronJob;$/m);
  });

  test('the TypeScript tour becomes CommonJS that requires the packages a reader installs', () => {
    const required: string[] = [];
    // Stands for any export, value or result: every property, call and `new` gives it back.
    const anything: any = new Proxy(function anythingAtAll() {}, { get: () => anything, apply: () => anything, construct: () => anything });
    const fakeRequire = (name: string) => {
      required.push(name);
      return anything;
    };
    runInNewContext(typescriptProgram(snippets.typescript), { require: fakeRequire, exports: {}, module: { exports: {} } });
    expect([...required].sort()).toEqual(['cdk8s', 'cdk8s-batch', 'cdk8s-plus-28']);
  });
});

describe('the Python, Java and Go example apps', () => {
  // They cannot import examples/kubernetes-version.ts, so each writes the version itself; a
  // different one would still synthesize the same YAML and slip through the byte comparison.
  test.each([
    ['test/languages/python/app.py', /set_context\(BatchConstants\.KUBERNETES_VERSION_CONTEXT, "([^"]*)"\)/g],
    ['test/languages/java/src/main/java/example/ExampleApp.java', /setContext\(BatchConstants\.KUBERNETES_VERSION_CONTEXT, "([^"]*)"\)/g],
    ['test/languages/go/main.go', /SetContext\(cdk8sbatch\.BatchConstants_KUBERNETES_VERSION_CONTEXT\(\), jsii\.String\("([^"]*)"\)\)/g],
  ])('%s targets the TypeScript example app\'s Kubernetes version', (file, pattern) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    expect([...text.matchAll(pattern)].map((m) => m[1])).toEqual([EXAMPLE_KUBERNETES_VERSION]);
  });
});
