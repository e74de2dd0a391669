import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RULES_FILE, RulesetError, fieldRule, fieldsFor, limitedValues, loadImageRules, requirements, unitsByField } from './rules.js';

function rulesFileWith(patch: (rules: { groups: { fields: Record<string, unknown>[] }[] }) => void): string {
  const rules = JSON.parse(fs.readFileSync(DEFAULT_RULES_FILE, 'utf8'));
  patch(rules);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rules-')), 'rules.json');
  fs.writeFileSync(file, JSON.stringify(rules));
  return file;
}

describe('the IMAGE rules resource', () => {
  it('holds the 49 fields of the IMAGE sample ruleset: 24 standard, 10 for animals, 15 for samples', () => {
    const rules = loadImageRules();
    expect(rules.groups.map((g) => [g.name, g.fields.length])).toEqual([['standard', 24], ['organism', 10], ['specimen from organism', 15]]);
    expect(fieldsFor('animal')).toHaveLength(34);
    expect(fieldsFor('sample')).toHaveLength(39);
  });

  it('keeps levels, multiplicity, units and ontology roots as the ruleset states them', () => {
    expect(fieldRule('Person role')).toMatchObject({ type: 'ontology_id', requirement: 'mandatory', multiple: 'yes', terms: [{ term: 'EFO_0002012', descendants: true, includeRoot: false }] });
    expect(fieldRule('Child of')).toMatchObject({ multiple: 'max 2', requirement: 'optional' });
    expect(fieldRule('Birth date')?.units).toEqual(['YYYY-MM-DD', 'YYYY-MM', 'YYYY']);
    expect(fieldRule('Gene bank country')?.terms).toHaveLength(16);
    expect(fieldRule('Sex', 'animal')?.terms?.map((t) => t.label)).toEqual(['male', 'female', 'record of unknown sex']);
    expect(fieldRule('Sex', 'sample')).toBeUndefined();
  });

  it('gives the workbook the limited values, requirements and units of each field', () => {
    const values = limitedValues('sample');
    expect(values['Sample storage']).toHaveLength(12);
    expect(values['Availability']).toEqual(['no longer available']);
    expect(values['Collection place accuracy']).toContain('precise coordinates');
    expect(requirements('animal')).toMatchObject({ Sex: 'mandatory', 'Mapped breed': 'recommended', 'Child of': 'optional' });
    expect(unitsByField('sample')['Animal age at collection']).toContain('years');
  });

  it('refuse a limited-value field without values and a number without units, naming each', () => {
    const file = rulesFileWith((r) => {
      delete r.groups[0].fields[3].values; // Project
      delete r.groups[1].fields[7].units; // Birth location longitude
    });
    expect(() => loadImageRules(file)).toThrow(RulesetError);
    try {
      loadImageRules(file);
    } catch (err) {
      expect((err as RulesetError).problems).toEqual([
        'field Project has type limited value but no values',
        'field Birth location longitude has type number but no units',
      ]);
    }
  });

  it('refuse values on a text field, terms on a number and an unknown type', () => {
    expect(() => loadImageRules(rulesFileWith((r) => { r.groups[0].fields[1].values = ['x']; }))).toThrow(/Alternative id has type text, which takes no values/);
    expect(() => loadImageRules(rulesFileWith((r) => { r.groups[1].fields[7].terms = [{ term: 'UO_1', descendants: false, includeRoot: true }]; }))).toThrow(/takes no terms/);
    expect(() => loadImageRules(rulesFileWith((r) => { r.groups[0].fields[0].type = 'string'; }))).toThrow(RulesetError);
  });

  it('refuse a field defined twice for the same records and a malformed ontology id', () => {
    expect(() => loadImageRules(rulesFileWith((r) => { r.groups[1].fields.push({ ...r.groups[0].fields[0] }); }))).toThrow(/Data source ID is defined twice/);
    expect(() => loadImageRules(rulesFileWith((r) => {
      (r.groups[0].fields[6].terms as { term: string }[])[0].term = 'OBI:0100026';
    }))).toThrow(/OBI:0100026 is not a short ontology id/);
  });
});
