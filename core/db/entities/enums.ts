/** Values shared by entities, API and jobs; the labels are those of the IMAGE ruleset. */

export const SUBMISSION_STATUSES = ['waiting', 'loaded', 'error', 'need_revision', 'ready', 'submitted', 'completed'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const RECORD_STATUSES = ['loaded', 'need_revision', 'ready', 'submitted', 'completed'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export const USER_ROLES = ['admin', 'curator'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const DATASOURCE_TYPES = ['template', 'crbanim', 'cryoweb'] as const;
export type DatasourceType = (typeof DATASOURCE_TYPES)[number];

/** How IMAGE names each data source type in the `Data source type` attribute. */
export const DATASOURCE_TYPE_LABELS: Record<DatasourceType, string> = {
  template: 'Template',
  crbanim: 'CRB-Anim',
  cryoweb: 'CryoWeb',
};

export const CONFIDENCES = ['high', 'good', 'medium', 'low', 'curated'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const ACCURACIES = [
  'missing geographic information',
  'country level',
  'region level',
  'precise coordinates',
  'unknown accuracy level',
] as const;
export type Accuracy = (typeof ACCURACIES)[number];

export const TIME_UNITS = ['minutes', 'hours', 'days', 'weeks', 'months', 'years'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export const SAMPLE_STORAGES = [
  'ambient temperature',
  'cut slide',
  'frozen, -80 degrees Celsius freezer',
  'frozen, -40 degrees Celsius freezer',
  'frozen, -20 degrees Celsius freezer',
  'frozen, liquid nitrogen',
  'frozen, vapor phase',
  'paraffin block',
  'RNAlater, frozen -20 degrees Celsius',
  'TRIzol, frozen',
  'paraffin block at ambient temperatures (+15 to +30 degrees Celsius)',
  'freeze dried',
] as const;
export type SampleStorage = (typeof SAMPLE_STORAGES)[number];

export const SAMPLE_STORAGE_PROCESSINGS = [
  'cryopreservation in liquid nitrogen (dead tissue)',
  'cryopreservation in dry ice (dead tissue)',
  'cryopreservation of live cells in liquid nitrogen',
  'cryopreservation, other',
  'formalin fixed, unbuffered',
  'formalin fixed, buffered',
  'formalin fixed and paraffin embedded',
  'freeze dried (vaiable for reproduction)',
  'freeze dried',
] as const;
export type SampleStorageProcessing = (typeof SAMPLE_STORAGE_PROCESSINGS)[number];

export const VALIDATION_LEVELS = ['pass', 'warning', 'error'] as const;
export type ValidationLevel = (typeof VALIDATION_LEVELS)[number];

export const RECORD_TYPES = ['animal', 'sample'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** SQL CHECK body for a column limited to `values`. */
export function checkIn(column: string, values: readonly string[]): string {
  return `"${column}" IN (${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`;
}
