import type { RequestHandler } from 'express';
import { isTestServer } from '../../core/biosamples/target.js';

/** Tells API clients, as the panel's banner tells people, that records go to the BioSamples test server. */
export const bioSamplesTargetHeader: RequestHandler = (_req, res, next) => {
  if (isTestServer()) res.set('X-InjectTool-BioSamples', 'test');
  next();
};
