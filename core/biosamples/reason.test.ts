import { describe, expect, test } from '@jest/globals';
import { rejectionFromBody } from './reason.js';

describe('rejectionFromBody', () => {
  test("reads the message of Spring's error JSON", () => {
    const body = JSON.stringify({ timestamp: '2025-01-01T00:00:00Z', status: 400, error: 'Bad Request', message: 'Sample accession does not exist', path: '/biosamples/samples/SAMEA1' });
    expect(rejectionFromBody(400, body).reason).toBe('Sample accession does not exist');
  });

  test('falls back to the error phrase when Spring leaves the message empty', () => {
    expect(rejectionFromBody(403, JSON.stringify({ status: 403, error: 'Forbidden', message: '' })).reason).toBe('Forbidden');
  });

  test('reads the 2021 checklist failure text with its prefix', () => {
    const body = `Checklist validation failed: Sample validation failed: [{"dataPath":"/characteristics.biological material ID","errors":["should have required property 'biological material ID'"]}]`;
    expect(rejectionFromBody(400, body)).toEqual({
      reason: "biological material ID: should have required property 'biological material ID'",
      details: [{ field: 'biological material ID', message: "should have required property 'biological material ID'" }],
    });
  });

  test('reads a validation report with missing, invalid and unknown fields', () => {
    const body = JSON.stringify({ missing_fields: ['release'], invalid_types: ['Must provide name|Target of a relationship must be an accession but was "x"'], unknown_fields: ['colour'] });
    expect(rejectionFromBody(400, body).details).toEqual([
      { field: 'release', message: 'is missing' },
      { message: 'Must provide name' },
      { message: 'Target of a relationship must be an accession but was "x"' },
      { field: 'colour', message: 'is not a known field' },
    ]);
  });

  test('turns a proxy HTML page into its text', () => {
    expect(rejectionFromBody(413, '<html><body><h1>413 Request Entity Too Large</h1><hr>nginx</body></html>').reason).toBe('413 Request Entity Too Large nginx');
  });

  test('names the status when the body is empty', () => {
    expect(rejectionFromBody(403, '').reason).toBe('403 Forbidden');
  });

  test('keeps a plain text body and caps a very long one', () => {
    expect(rejectionFromBody(400, '  Sample is invalid.  ').reason).toBe('Sample is invalid.');
    expect(rejectionFromBody(400, 'x'.repeat(5000)).reason).toHaveLength(1000);
  });
});
