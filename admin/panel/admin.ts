import AdminJS, { type AdminJSOptions, type BrandingOptions } from 'adminjs';
import { isTestServer } from '../../core/biosamples/target.js';
import { animalResource, sampleResource, submissionResource, validationResultResource } from '../resources/data.js';
import { vocabularyResources } from '../resources/vocabularies.js';
import { apiTokenResource, organizationResource, userResource } from '../resources/administration.js';
import { curationResource } from '../resources/curation.js';
import { orphanResource } from '../resources/orphans.js';
import { withEstimatedTotals } from '../resources/typeorm-resource.js';
import { Components, componentLoader } from './components.js';
import { dashboardHandler } from './dashboard.js';
import { translations } from './translations.js';

export const ROOT_PATH = '/admin';

const BRANDING: BrandingOptions = {
  companyName: 'InjectTool',
  logo: false,
  withMadeWithLove: false,
  favicon: `${ROOT_PATH}/frontend/assets/favicon.svg`,
  theme: { colors: { primary100: '#2f6b4f', primary80: '#3f8063', primary60: '#5e9a7e', primary40: '#9cc3b0', primary20: '#d4e7dd' } },
};

export function panelOptions(): AdminJSOptions {
  return {
    rootPath: ROOT_PATH,
    loginPath: `${ROOT_PATH}/login`,
    logoutPath: `${ROOT_PATH}/logout`,
    componentLoader,
    // A function, so each page says whether BioSamples is the test server now (TestServerBanner.tsx reads `testServer`).
    branding: async () => ({ ...BRANDING, testServer: isTestServer() }) as BrandingOptions,
    locale: { language: 'en', availableLanguages: ['en'], translations: { en: translations } },
    dashboard: { component: Components.Dashboard, handler: dashboardHandler },
    pages: { emptyTemplate: { component: Components.TemplatePage, icon: 'Download' } },
    settings: { defaultPerPage: 20 },
    resources: withEstimatedTotals([
      submissionResource(),
      animalResource(),
      sampleResource(),
      validationResultResource(),
      ...vocabularyResources(),
      userResource(Components),
      organizationResource(),
      apiTokenResource(),
      curationResource(Components),
      orphanResource(Components),
    ]),
  };
}

export function createPanel(): AdminJS {
  return new AdminJS(panelOptions());
}
