import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, H2, H4, Link, Loader, Text } from '@adminjs/design-system';

interface StatusCount {
  status: string;
  label: string;
  count: number;
  href: string;
}

interface Overview {
  title: string;
  total: number;
  href: string;
  statuses: StatusCount[];
}

interface DashboardData {
  greeting: string;
  overviews: Overview[];
}

const api = new ApiClient();

const StatusCard: React.FC<{ item: StatusCount }> = ({ item }) => (
  <Box variant="card" flex flexDirection="column" width="150px" mr="lg" mb="lg" p="lg">
    <Text fontSize="h2" fontWeight="bold" data-status={item.status}>{item.count}</Text>
    <Link href={item.href}>{item.label}</Link>
  </Box>
);

const OverviewSection: React.FC<{ overview: Overview }> = ({ overview }) => (
  <Box mb="xxl">
    <H4>
      {overview.title}: <Link href={overview.href}>{overview.total} submission{overview.total === 1 ? '' : 's'}</Link>
    </H4>
    <Box flex flexDirection="row" flexWrap="wrap">
      {overview.statuses.map((item) => <StatusCard key={item.status} item={item} />)}
    </Box>
  </Box>
);

/** The panel's home: the current user's submissions by status, each a link to the filtered list. */
const Dashboard: React.FC = () => {
  const [data, setData] = useState<DashboardData | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api.getDashboard<DashboardData>().then((response) => setData(response.data)).catch(() => setFailed(true));
  }, []);
  if (failed) return <Box variant="container" m="xl"><Text>The dashboard could not be loaded.</Text></Box>;
  if (!data) return <Loader />;
  return (
    <Box variant="container" m="xl" data-testid="dashboard">
      <H2>{data.greeting}</H2>
      <Text mb="xl" data-testid="dashboard-start">
        <Link href="/admin/resources/Submission/actions/newSubmission">New submission</Link>
        {' · '}
        <Link href="/api/template.xlsx" data-testid="dashboard-template">Download the empty IMAGE template</Link>
      </Text>
      {data.overviews.map((overview) => <OverviewSection key={overview.title} overview={overview} />)}
    </Box>
  );
};

export default Dashboard;
