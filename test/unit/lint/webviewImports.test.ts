import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { repoRoot } from '../../support/paths';

/**
 * Runs the project's own eslint.config.mjs on fixture files placed (virtually) inside webview/, so
 * the guard that keeps host code out of the webview bundle is proved at the depth that escaped it.
 */
describe('lint: webview code imports no host code but src/protocol', function () {
  this.timeout(60_000);
  const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
  // The fixtures are not in a tsconfig: lint them without type information (the type-aware rules
  // are not what is under test here); the import rule comes from the real config file.
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfig: {
      files: ['**/*.ts'],
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
  const importErrors = async (name: string, filePath: string) => {
    const [result] = await eslint.lintText(fixture(name), { filePath: path.join(repoRoot, filePath) });
    assert.ok(result, 'eslint returned no result');
    assert.deepEqual(result.messages.filter((m) => m.fatal), [], 'the fixture parses');
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
  };

  it('fails an import of src/core and src/api from two and three folders deep', async () => {
    const errors = await importErrors('hostImport.fixture', 'webview/selection/fixture.ts');
    assert.deepEqual(errors.map((e) => e.line), [2, 3]);
    for (const e of errors) assert.equal(e.severity, 2);
    assert.match(errors[0]!.message, /imports only src\/protocol/);
  });

  it('allows src/protocol and src/protocol/<panel> at any depth', async () => {
    assert.deepEqual(await importErrors('protocolImport.fixture', 'webview/selection/fixture.ts'), []);
  });

  it('leaves the same host import alone outside webview/', async () => {
    assert.deepEqual(await importErrors('hostImport.fixture', 'test/unit/lint/fixture.ts'), []);
  });
});
