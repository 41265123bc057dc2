import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { demoSettings } from '../../../scripts/demoSetup';
import { shouldOpenWalkthrough } from '../../../src/core/walkthrough';
import { machineSettingsJson, userSettingsJson } from '../../support/codeServer';

const root = path.join(__dirname, '..', '..', '..');

describe('demo: a newcomer\'s profile, not the test tiers\' one', () => {
  const settings = JSON.parse(userSettingsJson(demoSettings('http://127.0.0.1:4010'))) as Record<string, unknown>;
  const tests = JSON.parse(userSettingsJson()) as Record<string, unknown>;

  it('runs with the user default auto refresh (120 s), not the tests\' 0', () => {
    assert.equal(tests['stitch.autoRefreshSeconds'], 0, 'the test tiers keep the timer off');
    assert.ok(!('stitch.autoRefreshSeconds' in settings), JSON.stringify(settings));
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown }> } } };
    assert.equal(pkg.contributes.configuration.properties['stitch.autoRefreshSeconds']!.default, 120);
    assert.equal(settings['stitch.defaultBaseUrl'], 'http://127.0.0.1:4010');
  });

  it('lets our walkthrough open and puts neither the README nor VS Code\'s own walkthrough in front of it', () => {
    assert.equal(tests['workbench.welcomePage.walkthroughs.openOnInstall'], false);
    assert.ok(!('workbench.welcomePage.walkthroughs.openOnInstall' in settings), 'the user default (on) applies');
    // The extension host is remote in code-server: it reads this machine-scoped setting from Machine/settings.json.
    assert.deepEqual(JSON.parse(machineSettingsJson()), { 'workbench.welcomePage.walkthroughs.openOnInstall': false });
    assert.deepEqual(JSON.parse(machineSettingsJson(demoSettings('http://127.0.0.1:4010'))), {});
    assert.equal(settings['workbench.startupEditor'], 'none');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { walkthroughs: { id: string; title: string }[] } };
    const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const ours = pkg.contributes.walkthroughs.find((w) => w.id === 'getStarted');
    assert.ok(ours, 'the walkthrough the extension opens (publisher.name#getStarted) exists');
    assert.equal(nls[ours.title.replace(/%/g, '')], 'Get started with Stitch');
    assert.match(fs.readFileSync(path.join(root, 'src', 'walkthrough.ts'), 'utf8'), /#getStarted`/);
  });

  it('opens the walkthrough once, for someone not signed in, unless walkthroughs on install are off', () => {
    assert.equal(shouldOpenWalkthrough({ opened: false, openOnInstall: true, signedIn: false }), true);
    assert.equal(shouldOpenWalkthrough({ opened: true, openOnInstall: true, signedIn: false }), false);
    assert.equal(shouldOpenWalkthrough({ opened: false, openOnInstall: false, signedIn: false }), false);
    assert.equal(shouldOpenWalkthrough({ opened: false, openOnInstall: true, signedIn: true }), false);
  });
});
