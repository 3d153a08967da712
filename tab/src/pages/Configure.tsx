/**
 * `#/configure`: the configuration page Teams shows when someone adds the "Outreach calendar" tab to a
 * channel or chat. Saving points the tab at `#/events`.
 */
import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { Lead, PageHeading } from '../components/ui';
import { Frame } from '../Shell';
import { offerTabConfig } from '../teams';

export const CONFIG = {
  entityId: 'outreach-calendar',
  suggestedDisplayName: 'Outreach calendar',
  path: '/tab/#/events',
};

export function ConfigurePage({ inTeams }: { inTeams: boolean }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!inTeams) return;
    try {
      const url = `${window.location.origin}${CONFIG.path}`;
      offerTabConfig(
        {
          entityId: CONFIG.entityId,
          suggestedDisplayName: CONFIG.suggestedDisplayName,
          contentUrl: url,
          websiteUrl: url,
        },
        setError,
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [inTeams]);

  return (
    <Frame>
      <PageHeading>Add the outreach calendar</PageHeading>
      <Lead>
        This tab shows the agency’s outreach events and training sessions to everyone in this channel or chat.
        {inTeams ? ' Select Save to add it.' : ''}
      </Lead>
      {!inTeams && (
        <MessageBar intent="info">
          <MessageBarBody>
            Microsoft Teams opens this page when you add Candor’s “Outreach calendar” tab to a channel or
            chat.
          </MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>
            The tab could not be saved: {error}. Close this window and try again.
          </MessageBarBody>
        </MessageBar>
      )}
    </Frame>
  );
}
