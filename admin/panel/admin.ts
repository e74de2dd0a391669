import AdminJS, { type AdminJSOptions } from 'adminjs';
import { animalResource, sampleResource, submissionResource, validationResultResource } from '../resources/data.js';
import { vocabularyResources } from '../resources/vocabularies.js';
import { apiTokenResource, organizationResource, userResource } from '../resources/administration.js';
import { Components, componentLoader } from './components.js';
import { dashboardHandler } from './dashboard.js';
import { translations } from './translations.js';

export const ROOT_PATH = '/admin';

export function panelOptions(): AdminJSOptions {
  return {
    rootPath: ROOT_PATH,
    loginPath: `${ROOT_PATH}/login`,
    logoutPath: `${ROOT_PATH}/logout`,
    componentLoader,
    branding: {
      companyName: 'InjectTool',
      logo: false,
      withMadeWithLove: false,
      favicon: `${ROOT_PATH}/frontend/assets/favicon.svg`,
      theme: { colors: { primary100: '#2f6b4f', primary80: '#3f8063', primary60: '#5e9a7e', primary40: '#9cc3b0', primary20: '#d4e7dd' } },
    },
    locale: { language: 'en', availableLanguages: ['en'], translations: { en: translations } },
    dashboard: { component: Components.Dashboard, handler: dashboardHandler },
    settings: { defaultPerPage: 20 },
    resources: [
      submissionResource(),
      animalResource(),
      sampleResource(),
      validationResultResource(),
      ...vocabularyResources(),
      userResource(Components),
      organizationResource(),
      apiTokenResource(),
    ],
  };
}

export function createPanel(): AdminJS {
  return new AdminJS(panelOptions());
}
