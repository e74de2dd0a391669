import React from 'react';
import { useSelector } from 'react-redux';
import { Box, Text } from '@adminjs/design-system';

export const TEST_SERVER_TEXT = 'records go to the BioSamples test server (wwwdev); they are replaced nightly';

/** Set by the panel's branding (admin/panel/admin.ts) on every page while BioSamples is not production. */
export const useTestServer = (): boolean => useSelector((state: { branding?: { testServer?: boolean } }) => !!state.branding?.testServer);

export const TestServerNotice: React.FC = () => (
  <Box
    data-testid="test-server-banner"
    role="status"
    flex
    alignItems="center"
    px="lg"
    py="sm"
    style={{ background: '#b45309', color: '#ffffff', borderRadius: 4 }}
  >
    <Text as="strong" fontWeight="bold" mr="default" style={{ color: '#ffffff', whiteSpace: 'nowrap' }}>TEST SERVER</Text>
    <Text as="span" style={{ color: '#ffffff' }}>— {TEST_SERVER_TEXT}</Text>
  </Box>
);

type Props = { OriginalComponent?: React.ComponentType<Record<string, unknown>> } & Record<string, unknown>;

/**
 * Replaces AdminJS's `Version` slot, which fills the top bar of every panel page: the test-server
 * notice while BioSamples is not production, AdminJS's own (empty) version line otherwise.
 */
const TestServerBanner: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const testServer = useTestServer();
  if (!testServer) return OriginalComponent ? <OriginalComponent {...props} /> : null;
  return (
    <Box flex flexGrow={1} alignItems="center" px="lg">
      <TestServerNotice />
    </Box>
  );
};

export default TestServerBanner;
