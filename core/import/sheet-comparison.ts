import { quote, rowsOf, type LoadContext } from './load-context.js';
import type { ContactSheet, SubmissionSheet } from './rows.js';

interface Known {
  title: string;
  description: string;
  gene_bank_name: string;
  gene_bank_country: string;
  first_name: string;
  last_name: string;
  initials: string | null;
  email: string;
  person_role: string | null;
  org_name: string | null;
  org_address: string | null;
  org_uri: string | null;
  org_country: string | null;
  org_role: string | null;
}

type Pair = [header: string, fromSheet: string | null, known: string | null];

const same = (a: string, b: string): boolean => a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The template's `submission` and `contact` sheets, when filled, are compared with the form and the
 * curator's profile (which are what InjectTool sends); each disagreement is a warning, never an error.
 */
export async function compareSheets(ctx: LoadContext, submission?: SubmissionSheet, contact?: ContactSheet): Promise<void> {
  if (!submission && !contact) return;
  const [known] = await rowsOf<Known>(
    ctx,
    `SELECT s.title, s.description, s.gene_bank_name, c.label AS gene_bank_country, u.first_name, u.last_name, u.initials, u.email,
       pr.label AS person_role, o.name AS org_name, o.address AS org_address, o.uri AS org_uri, oc.label AS org_country,
       orl.label AS org_role
     FROM submissions s JOIN countries c ON c.id = s.gene_bank_country_id JOIN users u ON u.id = s.owner_id
     LEFT JOIN roles pr ON pr.id = u.person_role_id LEFT JOIN organizations o ON o.id = u.organization_id
     LEFT JOIN countries oc ON oc.id = o.country_id LEFT JOIN roles orl ON orl.id = o.role_id
     WHERE s.id = $1`,
    [ctx.submissionId],
  );
  if (submission) {
    warnDifferences(ctx, 'submission', 'the form', [
      ['Submission title', submission.title, known.title],
      ['Submission description', submission.description, known.description],
      ['Gene bank name', submission.geneBankName, known.gene_bank_name],
      ['Gene bank country', submission.geneBankCountry, known.gene_bank_country],
    ]);
  }
  if (contact) {
    warnDifferences(ctx, 'contact', 'your profile', [
      ['Person last name', contact.lastName, known.last_name],
      ['Person initial', contact.initials, known.initials],
      ['Person first name', contact.firstName, known.first_name],
      ['Person email', contact.email, known.email],
      ['Person affiliation', contact.affiliation, known.org_name],
      ['Person role', contact.role, known.person_role],
      ['Organisation name', contact.organizationName, known.org_name],
      ['Organisation address', contact.organizationAddress, known.org_address],
      ['Organisation uri', contact.organizationUri, known.org_uri],
      ['Organisation country', contact.organizationCountry, known.org_country],
      ['Organisation role', contact.organizationRole, known.org_role],
    ]);
  }
}

function warnDifferences(ctx: LoadContext, sheet: string, source: string, pairs: Pair[]): void {
  for (const [column, fromSheet, known] of pairs) {
    if (!fromSheet || !fromSheet.trim() || (known && same(fromSheet, known))) continue;
    const kept = known ? `${source} says ${quote(known)}, which is what InjectTool uses` : `${source} has no value, so none is sent`;
    ctx.problems.add({
      level: 'warning',
      sheet,
      column,
      value: fromSheet,
      message: `Sheet '${sheet}', column '${column}': ${quote(fromSheet)} differs from ${source}: ${kept}`,
    });
  }
}
