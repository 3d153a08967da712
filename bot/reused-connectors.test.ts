import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { ReusedConnectorsAuthentication } from './reused-connectors';

/** Without an app id, as in local mode: requests are not authenticated, and the claims are anonymous. */
function localAuthentication(): ReusedConnectorsAuthentication {
  return new ReusedConnectorsAuthentication({}, new ConfigurationServiceClientCredentialFactory({}));
}

const activity = (serviceUrl: string) => ({
  type: 'invoke',
  serviceUrl,
  channelId: 'msteams',
  from: { id: '29:someone' },
  conversation: { id: 'a:chat' },
  recipient: { id: '28:bot' },
});

describe('ReusedConnectorsAuthentication', () => {
  it('gives every turn to the same service URL the same ConnectorClient, and another URL its own', async () => {
    const auth = localAuthentication();
    const first = await auth.authenticateRequest(activity('https://smba.one/') as never, '');
    const second = await auth.authenticateRequest(activity('https://smba.one/') as never, '');
    const a = await first.connectorFactory!.create('https://smba.one/', first.audience);
    const b = await second.connectorFactory!.create('https://smba.one/', second.audience);
    const c = await second.connectorFactory!.create('https://smba.two/', second.audience);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect((c as unknown as { baseUri: string }).baseUri).toBe('https://smba.two/');
  });

  it('reuses the clients of proactive messages (createConnectorFactory) the same way', async () => {
    const auth = localAuthentication();
    const { claimsIdentity } = await auth.authenticateRequest(activity('https://smba.one/') as never, '');
    const a = await auth.createConnectorFactory(claimsIdentity).create('https://smba.one/');
    const b = await auth.createConnectorFactory(claimsIdentity).create('https://smba.one/');
    expect(b).toBe(a);
  });

  it('gives every turn of one bot app the same UserTokenClient', async () => {
    const auth = localAuthentication();
    const { claimsIdentity } = await auth.authenticateRequest(activity('https://smba.one/') as never, '');
    expect(await auth.createUserTokenClient(claimsIdentity)).toBe(
      await auth.createUserTokenClient(claimsIdentity),
    );
  });
});
