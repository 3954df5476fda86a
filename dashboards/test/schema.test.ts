// Every generated dashboard, and every panel's options, field config and queries, is valid
// against Grafana's own JSON Schemas (test/scripts/demo-output.test.ts checks the committed files).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { allPanels } from '../src/render.js';
import { dashboards, errorsOf, grafanaSchemasPresent, loadValidators, NO_SCHEMAS, PANEL_TYPES } from './helpers.js';

test('every dashboard validates against Grafana’s dashboard schema', {
  skip: !grafanaSchemasPresent && NO_SCHEMAS,
}, () => {
  const { ajv, get } = loadValidators();
  const validate = get('dashboard');
  assert.ok(validate);
  for (const d of dashboards()) {
    assert.equal(errorsOf(validate, d.model, ajv), undefined, `${d.slug} does not match dashboard.jsonschema.json`);
  }
});

test('every panel’s options, field config and queries validate against their schemas', {
  skip: !grafanaSchemasPresent && NO_SCHEMAS,
}, () => {
  const { ajv, get } = loadValidators();
  const query = get('prometheus');
  assert.ok(query);
  let panels = 0;
  for (const d of dashboards()) {
    for (const panel of allPanels(d.model)) {
      if (panel.type === 'row') continue;
      const p = panel as dashboard.Panel;
      const where = `${d.slug} panel ${p.id} "${p.title}" (${p.type})`;
      assert.ok((PANEL_TYPES as readonly string[]).includes(p.type), `${where}: no schema for panel type`);
      const options = get(`${p.type}#/definitions/Options`);
      assert.ok(options, `${p.type} schema has no Options`);
      assert.equal(errorsOf(options, p.options ?? {}, ajv), undefined, `${where}: options`);
      const fieldConfig = get(`${p.type}#/definitions/FieldConfig`);
      if (fieldConfig) {
        assert.equal(
          errorsOf(fieldConfig, p.fieldConfig?.defaults?.custom ?? {}, ajv),
          undefined,
          `${where}: field config`,
        );
      }
      for (const target of p.targets ?? []) {
        assert.equal(errorsOf(query, target, ajv), undefined, `${where}: query`);
      }
      panels += 1;
    }
  }
  assert.ok(panels > 0);
});

test('the schema check fails on a broken dashboard', { skip: !grafanaSchemasPresent && NO_SCHEMAS }, () => {
  const { ajv, get } = loadValidators();
  const validate = get('dashboard');
  assert.ok(validate);
  const first = dashboards()[0];
  assert.ok(first);
  const broken = { ...structuredClone(first.model), schemaVersion: 'forty-two', noSuchField: true };
  assert.notEqual(errorsOf(validate, broken, ajv), undefined);
});
