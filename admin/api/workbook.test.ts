import { beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { createAnimal, createSubmission, createToken, createUser, createValidationResult } from '../../test/factories.js';
import { useTestApp } from '../../test/web-client.js';
import { XLSX_TYPE } from './workbook.js';

const { app } = useTestApp();
let owner: string;
let otherCurator: string;
let admin: string;
let submissionId: number;

beforeAll(async () => {
  const ownerUser = await createUser();
  owner = (await createToken(ownerUser.id)).token;
  otherCurator = (await createToken((await createUser()).id)).token;
  admin = (await createToken((await createUser({ role: 'admin' })).id)).token;
  submissionId = (await createSubmission(ownerUser.id)).id;
  const animal = await createAnimal(submissionId, { name: 'CS05', sex: 'male' });
  await createValidationResult({ animalId: animal.id }, 'error', [{ field: 'Sex', level: 'error', message: 'Sex is wrong', key: 'k' }]);
});

const get = (path: string, token?: string) => fetch(app.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

async function workbookOf(res: Response): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await res.arrayBuffer());
  return workbook;
}

describe('GET /api/template.xlsx', () => {
  it('sends any logged-in user the empty template as an xlsx attachment', async () => {
    const res = await get('/api/template.xlsx', otherCurator);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="image-sample-template.xlsx"');
    const workbook = await workbookOf(res);
    expect(workbook.getWorksheet('animal')!.getCell('A1').value).toBe('Animal id in data source');
  });

  it('answers 401 to an anonymous request', async () => {
    const res = await get('/api/template.xlsx');
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('not_logged_in');
  });
});

describe('GET /api/submissions/:id/workbook.xlsx', () => {
  it('sends the owner the annotated workbook as submission-<id>.xlsx', async () => {
    const res = await get(`/api/submissions/${submissionId}/workbook.xlsx`, owner);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="submission-${submissionId}.xlsx"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const animal = (await workbookOf(res)).getWorksheet('animal')!;
    expect(animal.getCell('A2').value).toBe('CS05');
    expect(animal.getCell('H2').note).toBe('Error: Sex is wrong');
  });

  it('sends it to an admin too', async () => {
    expect((await get(`/api/submissions/${submissionId}/workbook.xlsx`, admin)).status).toBe(200);
  });

  it("answers 404 to another curator, as for a submission that does not exist", async () => {
    const res = await get(`/api/submissions/${submissionId}/workbook.xlsx`, otherCurator);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-disposition')).toBeNull();
    expect((await res.json()).error).toBe('not_found');
    expect((await get('/api/submissions/999999/workbook.xlsx', admin)).status).toBe(404);
    expect((await get('/api/submissions/abc/workbook.xlsx', admin)).status).toBe(404);
  });

  it('answers 401 to an anonymous request', async () => {
    expect((await get(`/api/submissions/${submissionId}/workbook.xlsx`)).status).toBe(401);
  });
});
