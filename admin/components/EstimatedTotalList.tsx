import React from 'react';

/** core/db/row-count.ts EXACT_COUNT_LIMIT: lists count exactly up to here and estimate above. */
const EXACT_COUNT_LIMIT = 100_000;

type Props = {
  OriginalComponent: React.ComponentType<Record<string, unknown>>;
  setTag?: (tag: string) => void;
} & Record<string, unknown>;

/**
 * AdminJS's list with its count badge saying "about 1,000,203" when the total is PostgreSQL's
 * estimate. Every panel resource counts exactly up to EXACT_COUNT_LIMIT and estimates only above
 * it (admin/resources/typeorm-resource.ts), so a total above the limit is always an estimate.
 */
const EstimatedTotalList: React.FC<Props> = ({ OriginalComponent, setTag, ...props }) => {
  const tag = (total: string) => {
    const n = Number(total);
    setTag?.(n > EXACT_COUNT_LIMIT ? `about ${n.toLocaleString('en-US')}` : total);
  };
  return <OriginalComponent {...props} setTag={setTag ? tag : undefined} />;
};

export default EstimatedTotalList;
