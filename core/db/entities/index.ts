export * from './enums.js';
export { VocabularyTerm } from './vocabulary-term.js';
export * from './vocabularies.js';
export * from './user.js';
export * from './submission.js';
export * from './publication.js';
export { BioSampleRecord } from './record.js';
export * from './animal.js';
export * from './sample.js';
export * from './validation-result.js';
export * from './ontology-term.js';
export * from './held-credential.js';
export * from './login-attempt.js';
export * from './orphaned-record.js';
export * from './batch-fix.js';

import { Breed, Country, DevelopmentalStage, OrganismPart, PhysiologicalStage, Role, Sex, Species, SpeciesSynonym } from './vocabularies.js';
import { ApiToken, Organization, User } from './user.js';
import { Submission, UploadedFile } from './submission.js';
import { Publication } from './publication.js';
import { Animal } from './animal.js';
import { Sample } from './sample.js';
import { ValidationResult } from './validation-result.js';
import { OntologyTerm } from './ontology-term.js';
import { HeldCredential } from './held-credential.js';
import { LoginFailure } from './login-attempt.js';
import { OrphanedRecord } from './orphaned-record.js';
import { BatchFix } from './batch-fix.js';

export const ENTITIES = [
  Country, Sex, Role, OrganismPart, DevelopmentalStage, PhysiologicalStage, Species, SpeciesSynonym, Breed,
  Organization, User, ApiToken, UploadedFile, Submission, Publication, Animal, Sample, ValidationResult, OntologyTerm,
  HeldCredential, LoginFailure, BatchFix, OrphanedRecord,
];
