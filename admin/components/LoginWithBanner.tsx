import React from 'react';
import { Box } from '@adminjs/design-system';
import { TestServerNotice, useTestServer } from './TestServerBanner.js';

type Props = { OriginalComponent?: React.ComponentType<Record<string, unknown>> } & Record<string, unknown>;

/** AdminJS's login page, with the test-server notice above it while BioSamples is not production. */
const LoginWithBanner: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const testServer = useTestServer();
  const login = OriginalComponent ? <OriginalComponent {...props} /> : null;
  if (!testServer) return login;
  return (
    <Box flex flexDirection="column" height="100%">
      <Box p="default" style={{ position: 'absolute', top: 0, left: 0, right: 0, zIndex: 10 }}>
        <TestServerNotice />
      </Box>
      {login}
    </Box>
  );
};

export default LoginWithBanner;
