/**
 * The Teams side of the bench, in its own process so that it costs neither the app nor the load
 * generator any CPU: the FakeBotConnector from the tests, where the app's proactive cards and notices go.
 */
import { FakeBotConnector } from '../fakes/bot-connector';
import { announceFailure, announceReady, serveParent } from './child';

async function main(): Promise<void> {
  const connector = await FakeBotConnector.start();
  serveParent(
    {
      counts: () => ({
        sent: connector.sent.length,
        updates: connector.updates.length,
        conversationsCreated: connector.conversationsCreated.length,
        requests: connector.requests.length,
      }),
    },
    () => connector.close(),
  );
  announceReady({ serviceUrl: connector.serviceUrl });
}

main().catch((e: unknown) => {
  announceFailure(e);
  process.exit(1);
});
