import fs from 'node:fs';
import path from 'node:path';
import { ComponentLoader } from 'adminjs';
import { projectRoot } from '../../core/paths.js';

/** Custom components live as .tsx sources in admin/components (bundled by scripts/bundle-admin.ts). */
export const componentsDir = path.join(projectRoot, 'admin', 'components');

export const componentLoader = new ComponentLoader();

/**
 * A deployment that ships only the prebuilt bundle has no sources: the component is then known by
 * name only, which is all a prebuilt bundle needs.
 */
function register(name: string): string {
  const source = path.join(componentsDir, name);
  return fs.existsSync(`${source}.tsx`) ? componentLoader.add(name, source) : name;
}

export const Components = {
  Dashboard: register('Dashboard'),
  ResetPassword: register('ResetPassword'),
  SetTermByHand: register('SetTermByHand'),
  SuppressOrphan: register('SuppressOrphan'),
  SubmissionShow: register('SubmissionShow'),
  NewSubmission: register('NewSubmission'),
  ReloadSubmission: register('ReloadSubmission'),
  SubmitToBioSamples: register('SubmitToBioSamples'),
  RecordShow: register('RecordShow'),
  RecordEdit: register('RecordEdit'),
  BulkEdit: register('BulkEdit'),
  TemplatePage: register('TemplatePage'),
};

export type PanelComponents = typeof Components;

/** Puts a component of ours in place of one of AdminJS's own, on every page (prebuilt bundles carry it already). */
function override(adminJsName: string, file: string): void {
  const source = path.join(componentsDir, file);
  if (fs.existsSync(`${source}.tsx`)) componentLoader.override(adminJsName, source);
}

// The "TEST SERVER" notice, in the top bar's version slot and above the login form.
override('Version', 'TestServerBanner');
override('Login', 'LoginWithBanner');
// The list's count badge says "about n" when the total is an estimate (above 100,000 rows).
override('DefaultListAction', 'EstimatedTotalList');
