import type { Cells, TemplateContent } from './template-file.js';

/**
 * The content of the original tool's example template of November 2019 (two Italian breeds, three
 * Cinta Senese pigs of which one has both parents in the file, three semen samples), rebuilt here
 * from its facts: the reference file itself is never copied into the repository.
 */
export function example201911(over: { sample?: (row: Cells, i: number) => Cells } = {}): TemplateContent {
  const samples: Cells[] = [
    {
      'Sample id in data source': 'CS05_1999_IBBACNR_PTP_02.06.1999', 'Alternative sample ID': 1834, 'Animal id in data source': 'ANIMAL:::ID:::CS05_1999',
      'Collection date': '1999-06-02', 'Collection place': 'Italy', 'Collection place accuracy': 'country level', 'Organism part': 'semen',
    },
    {
      'Sample id in data source': 'CS05_1999_IBBACNR_PTP_23.06.1999', 'Alternative sample ID': 1835, 'Animal id in data source': 'ANIMAL:::ID:::CS05_1999',
      availability: 'no longer available', 'Collection date': '1999-06-23', 'Collection place accuracy': 'missing geographic information', 'Organism part': 'semen',
    },
    {
      'Sample id in data source': 'VERCH1539971_2010_RegLomBank_PTPLodi_03.09.2011', 'Alternative sample ID': 2302,
      'Animal id in data source': 'ANIMAL:::ID:::VERCH1539971_2010', 'Collection date': '2011-09-03', 'Collection place': 'Italy',
      'Collection place accuracy': 'country level', 'Organism part': 'semen', 'Developmental stage': 'adult', 'Physiological stage': 'mature',
      'Animal age at collection': '1 year', 'Sample storage': 'frozen, -80 degrees Celsius freezer',
      'Sample storage processing': 'cryopreservation in liquid nitrogen (dead tissue)', 'Sampling to preparation interval': '7 days',
    },
  ];
  return {
    breed: [
      { 'Supplied breed': 'Cinta Senese', 'EFABIS Breed country': 'Italy', Species: 'Pig', 'Species ontology library': 'NCBITaxon', 'Species ontology accession': 'NCBITaxon_9823' },
      { 'Supplied breed': 'Verzaschese', 'EFABIS Breed country': 'Italy', Species: 'Capra hircus', 'Species ontology library': 'NCBITaxon', 'Species ontology accession': 'NCBITaxon_9925' },
    ],
    animal: [
      {
        'Animal id in data source': 'ANIMAL:::ID:::CS05_1999', 'Alternative animal ID': 855, Breed: 'Cinta Senese', Species: 'Pig', Sex: 'male',
        'Birth location accuracy': 'missing geographic information',
      },
      {
        'Animal id in data source': 'ANIMAL:::ID:::CS12_1999', 'Alternative animal ID': 862, Breed: 'Cinta Senese', Species: 'Pig', Sex: 'female',
        'Birth location': 'Italy', 'Birth location accuracy': 'country level',
      },
      {
        'Animal id in data source': 'ANIMAL:::ID:::VERCH1539971_2010', 'Alternative animal ID': 1440, 'Father id in data source': 'ANIMAL:::ID:::CS05_1999',
        'Mother id in data source': 'ANIMAL:::ID:::CS12_1999', Breed: 'Cinta Senese', Species: 'Pig', Sex: 'male', 'Birth location accuracy': 'unknown accuracy level',
      },
    ],
    sample: samples.map((row, i) => (over.sample ? over.sample(row, i) : row)),
  };
}

export const EXAMPLE_ANIMALS = ['ANIMAL:::ID:::CS05_1999', 'ANIMAL:::ID:::CS12_1999', 'ANIMAL:::ID:::VERCH1539971_2010'];
export const EXAMPLE_SAMPLES = [
  'CS05_1999_IBBACNR_PTP_02.06.1999', 'CS05_1999_IBBACNR_PTP_23.06.1999', 'VERCH1539971_2010_RegLomBank_PTPLodi_03.09.2011',
];
