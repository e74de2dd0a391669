import React from 'react';
import { Box, Button, H2, Link, Text } from '@adminjs/design-system';
import { TEMPLATE_URL } from './panel-api.js';

/** The panel's "Empty template" page: where curators get the IMAGE template to fill. */
const TemplatePage: React.FC = () => (
  <Box variant="container" m="xl" p="xl" data-testid="template-page">
    <H2>The IMAGE Excel template</H2>
    <Text mb="lg">
      Fill the sheets <strong>breed</strong>, <strong>animal</strong> and <strong>sample</strong>: one row per breed, animal and sample.
      Mandatory columns are marked, limited values have dropdowns, and the instructions sheet explains each column.
    </Text>
    <Button as="a" href={TEMPLATE_URL} variant="contained" mb="lg" data-testid="template-download">Download the empty template</Button>
    <Text>
      Then create a <Link href="/admin/resources/Submission/actions/newSubmission">new submission</Link> with the filled file.
      The annotated workbook of a submission (on its page) is the same template with your records and their problems marked.
    </Text>
  </Box>
);

export default TemplatePage;
