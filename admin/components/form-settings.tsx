import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Loader, MessageBox } from '@adminjs/design-system';

const api = new ApiClient();

/** The AdminJS action whose GET answers a form's settings; a record action when `recordId` is given. */
export interface SettingsAction {
  resourceId: string;
  actionName: string;
  recordId?: string;
}

/**
 * What a form page needs before it shows (limits, choices, defaults), from its action's GET: null
 * while it loads, or when `action` is null (nothing to ask yet). `failure` is the form's one error
 * line: settings that could not be read, then a refused send. `loaded` sees the settings first.
 */
export function useFormSettings<T>(action: SettingsAction | null, loaded?: (settings: T) => void) {
  const [settings, setSettings] = useState<T | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const { resourceId, actionName, recordId } = action ?? {};

  useEffect(() => {
    if (!resourceId || !actionName) return;
    const request = recordId ? api.recordAction({ resourceId, recordId, actionName }) : api.resourceAction({ resourceId, actionName });
    request
      .then((r) => {
        const answer = r.data as unknown as T;
        loaded?.(answer);
        setSettings(answer);
      })
      .catch(() => setFailure('The form could not be loaded; reload the page.'));
  }, [resourceId, recordId, actionName]);

  return { settings, failure, setFailure };
}

/** Shown instead of the form until its settings are there. */
export const FormLoading: React.FC<{ failure: string | null }> = ({ failure }) =>
  failure ? <MessageBox variant="danger" message={failure} m="xl" /> : <Loader />;
