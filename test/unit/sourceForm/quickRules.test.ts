import * as assert from 'node:assert/strict';
import { buildFormModel, type FormModel } from '../../../src/core/reportCard';
import { checkForm, formStepTypes, stepViews } from '../../../src/panels/sourceForm/logic';
import type { FieldView } from '../../../src/protocol/sourceForm';
import { quickCheck } from '../../../webview/sourceForm/quickRules';
import { requireFixtures, sourceTypes } from '../core/fixtures';

/** Values a user might type: valid ones for most fields, and the usual mistakes. */
function samplesFor(f: FieldView): string[] {
  const out = ['', '   ', 'x', 'abc def', '5', ' 42 ', '0', '-5', '5.5', '3306', '70000', 'true', 'false', '2024-01-01T00:00:00Z', '2024-01-01T10:30:00Z',
    'https://example.com', 'someone@example.com', 'db.example.com', '10.0.0.1', '123456789012', '5x'];
  const c = f.control;
  if (c.kind === 'select') out.push(...c.options.map((o) => o.value));
  if (f.quick?.enum) out.push(...f.quick.enum.values);
  return out;
}

function fieldsOf(model: FormModel): FieldView[] {
  const types = formStepTypes(model);
  return stepViews(model).filter((s) => types.includes(s.type)).flatMap((s) => s.properties).filter((f) => f.section !== 'hidden' && !f.locked);
}

describe('sourceForm quick rules against the host, on every real card', function () {
  this.timeout(60_000);
  before(function () { requireFixtures(this, sourceTypes); });

  for (const mode of ['create', 'edit'] as const) {
    it(`${mode}: quick rules never report an error the host wouldn't, and their message is the host's`, () => {
      let compared = 0;
      let quickErrors = 0;
      let hostOnly = 0;
      for (const card of sourceTypes!) {
        const model = buildFormModel(card, { mode });
        for (const f of fieldsOf(model)) {
          if (!f.quick) continue;
          for (const raw of samplesFor(f)) {
            const quick = quickCheck(f.quick, raw);
            const host = checkForm(model, { [f.name]: raw }, 'Name', []).errors[f.name];
            compared++;
            if (typeof quick === 'string') {
              quickErrors++;
              assert.equal(host, quick, `${card.type} ${f.name} ${JSON.stringify(raw)}`);
            } else if (host !== undefined) hostOnly++;
            if (host === undefined) assert.notEqual(typeof quick, 'string', `${card.type} ${f.name} ${JSON.stringify(raw)}`);
          }
        }
      }
      assert.ok(compared > 20_000, `${compared} values compared`);
      assert.ok(quickErrors > 5_000, `${quickErrors} quick errors`);
      // What only the host can judge (formats, cron, host names…) is left to it.
      assert.ok(hostOnly > 0, `${hostOnly} host-only errors`);
    });
  }

  it('required follows the form: only form-step fields, and a saved credential may stay blank on edit', () => {
    let savedCredentials = 0;
    let requiredCredentials = 0;
    for (const real of sourceTypes!) {
      // As a saved source's card says it: its credentials were provided.
      const card = { ...real, steps: real.steps?.map((s) => ({ ...s, properties: s.properties?.map((p) => (p.is_credential ? { ...p, provided: true } : p)) })) };
      const edit = buildFormModel(card, { mode: 'edit' });
      const create = buildFormModel(card, { mode: 'create' });
      for (const f of stepViews(create).find((s) => s.type === 'form')?.properties ?? []) {
        if (!f.credential || !f.required || f.locked || f.section === 'hidden') continue;
        requiredCredentials++;
        assert.equal(f.quick?.required, `${f.label} is required.`, `${card.type} ${f.name}`);
      }
      for (const step of stepViews(edit)) {
        for (const f of step.properties) {
          if (step.type !== 'form') assert.equal(f.quick?.required, undefined, `${card.type} ${f.name}`);
          if (f.credential && f.provided) { savedCredentials++; assert.equal(f.quick?.required, undefined, `${card.type} ${f.name}`); }
          if (f.locked || f.section === 'hidden') assert.equal(f.quick, undefined);
        }
      }
    }
    assert.ok(savedCredentials > 0 && requiredCredentials > 0, `${savedCredentials} saved, ${requiredCredentials} required credentials`);
  });
});
