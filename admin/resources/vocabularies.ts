import type { ResourceWithOptions } from 'adminjs';
import {
  Breed, CONFIDENCES, Country, DevelopmentalStage, OrganismPart, PhysiologicalStage, Role, Sex, Species, SpeciesSynonym,
} from '../../core/db/entities/index.js';
import { anyone, isAdmin } from './access.js';
import { VOCABULARIES, values } from './navigation.js';
import { TypeormResource } from './typeorm-resource.js';

/** Shared terms: everyone logged in reads them, only admins change them. */
export const readToAllWriteToAdmins = {
  list: { isAccessible: anyone },
  search: { isAccessible: anyone },
  show: { isAccessible: anyone },
  new: { isAccessible: isAdmin },
  edit: { isAccessible: isAdmin },
  delete: { isAccessible: isAdmin },
  bulkDelete: { isAccessible: isAdmin },
};

const confidence = { availableValues: values(CONFIDENCES) };

function termResource(entity: typeof Country): ResourceWithOptions {
  return {
    resource: new TypeormResource(entity, { exact: ['confidence'] }),
    options: {
      navigation: VOCABULARIES,
      titleProperty: 'label',
      sort: { sortBy: 'label', direction: 'asc' },
      listProperties: ['id', 'label', 'term', 'confidence'],
      filterProperties: ['label', 'term', 'confidence'],
      editProperties: ['label', 'term', 'confidence'],
      properties: { label: { isTitle: true }, confidence },
      actions: readToAllWriteToAdmins,
    },
  };
}

export function vocabularyResources(): ResourceWithOptions[] {
  return [
    {
      resource: new TypeormResource(Species, { exact: ['confidence'] }),
      options: {
        navigation: VOCABULARIES,
        titleProperty: 'label',
        sort: { sortBy: 'label', direction: 'asc' },
        listProperties: ['id', 'label', 'term', 'generalBreedLabel', 'confidence'],
        filterProperties: ['label', 'term', 'generalBreedLabel', 'confidence'],
        editProperties: ['label', 'term', 'confidence', 'generalBreedLabel', 'generalBreedTerm', 'crossbreedTerm'],
        properties: { label: { isTitle: true }, confidence },
        actions: readToAllWriteToAdmins,
      },
    },
    {
      resource: new TypeormResource(SpeciesSynonym),
      options: {
        navigation: VOCABULARIES,
        titleProperty: 'word',
        sort: { sortBy: 'word', direction: 'asc' },
        listProperties: ['id', 'word', 'species', 'language'],
        filterProperties: ['word', 'species', 'language'],
        editProperties: ['word', 'species', 'language'],
        properties: { word: { isTitle: true } },
        actions: readToAllWriteToAdmins,
      },
    },
    {
      resource: new TypeormResource(Breed, { exact: ['confidence'] }),
      options: {
        navigation: VOCABULARIES,
        titleProperty: 'suppliedBreed',
        sort: { sortBy: 'suppliedBreed', direction: 'asc' },
        listProperties: ['id', 'suppliedBreed', 'species', 'country', 'label', 'term', 'confidence'],
        filterProperties: ['suppliedBreed', 'species', 'country', 'label', 'term', 'confidence'],
        editProperties: ['suppliedBreed', 'species', 'country', 'label', 'term', 'confidence'],
        properties: { suppliedBreed: { isTitle: true }, confidence },
        actions: readToAllWriteToAdmins,
      },
    },
    termResource(Country),
    termResource(Sex),
    termResource(OrganismPart),
    termResource(DevelopmentalStage),
    termResource(PhysiologicalStage),
    termResource(Role),
  ];
}
