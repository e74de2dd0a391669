/** The panel's three navigation groups (issue 2: Data, Vocabularies, Administration). */
export const DATA = { name: 'Data', icon: 'Database' };
export const VOCABULARIES = { name: 'Vocabularies', icon: 'BookOpen' };
export const ADMINISTRATION = { name: 'Administration', icon: 'Settings' };

export const values = (list: readonly string[]) => list.map((value) => ({ value, label: value }));
