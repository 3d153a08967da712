/**
 * The tab: finds out whether it runs in Teams, picks the theme, signs the person in (Teams SSO, or the
 * local dev sign-in in a browser) and shows the page of the hash route.
 */
import { FluentProvider, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Api, ApiError, devPeople, devSignIn } from './api';
import { ErrorState, Loading, PageHeading } from './components/ui';
import { ConfigurePage } from './pages/Configure';
import { OpenInTeams, SignInPage } from './pages/SignIn';
import { useRoute } from './route';
import { SessionContext, type SessionValue } from './session-context';
import { clearDevSession, devTokens, loadDevSession, saveDevSession, teamsTokens } from './session';
import { Shell, Frame } from './Shell';
import { detectTeams, type TeamsHost } from './teams';
import { useTheme } from './theme';
import type { DevPerson, Me } from './types';

const useStyles = makeStyles({
  provider: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
});

type Gate =
  | { s: 'starting' }
  | { s: 'signin'; people: DevPerson[]; notice: string | null }
  | { s: 'teams-only' }
  | { s: 'error'; error: unknown; title: string }
  | { s: 'ready'; session: SessionValue };

export function App() {
  const [host, setHost] = useState<TeamsHost | null | undefined>(undefined);
  const { theme, dark } = useTheme(host);
  const route = useRoute();
  const s = useStyles();

  useEffect(() => {
    void detectTeams().then(setHost);
  }, []);
  useEffect(() => {
    document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
  }, [dark]);

  return (
    <FluentProvider theme={theme} className={s.provider}>
      {host === undefined ? (
        <Frame>
          <Loading label="Starting Candor…" />
        </Frame>
      ) : route.page === 'configure' ? (
        <ConfigurePage inTeams={host !== null} />
      ) : (
        <SignedIn host={host} />
      )}
    </FluentProvider>
  );
}

function SignedIn({ host }: { host: TeamsHost | null }) {
  const [gate, setGate] = useState<Gate>({ s: 'starting' });
  const attempt = useRef(0);

  const toSignIn = useCallback(async (notice: string | null) => {
    const mine = ++attempt.current;
    setGate({ s: 'starting' });
    try {
      const people = await devPeople();
      if (mine !== attempt.current) return;
      setGate(people === 'unavailable' ? { s: 'teams-only' } : { s: 'signin', people, notice });
    } catch (error) {
      if (mine === attempt.current) setGate({ s: 'error', error, title: 'Candor could not start' });
    }
  }, []);

  const start = useCallback(async () => {
    const mine = ++attempt.current;
    setGate({ s: 'starting' });
    if (host) {
      const api = new Api(teamsTokens(), () => undefined);
      try {
        const me = await api.get<Me>('/me');
        if (mine !== attempt.current) return;
        setGate({
          s: 'ready',
          session: { me, api, kind: 'teams', signInAgain: () => void start(), signOut: null },
        });
      } catch (error) {
        if (mine === attempt.current) setGate({ s: 'error', error, title: 'Candor could not sign you in' });
      }
      return;
    }
    const dev = loadDevSession();
    if (!dev) return toSignIn(null);
    const expired = 'Your sign-in has expired. Choose who you are again.';
    const api = new Api(devTokens(dev), () => clearDevSession());
    try {
      const me = await api.get<Me>('/me');
      if (mine !== attempt.current) return;
      setGate({
        s: 'ready',
        session: {
          me,
          api,
          kind: 'dev',
          signInAgain: () => void toSignIn(expired),
          signOut: () => {
            clearDevSession();
            void toSignIn(null);
          },
        },
      });
    } catch (error) {
      if (mine !== attempt.current) return;
      if (error instanceof ApiError && error.status === 401) return toSignIn(expired);
      setGate({ s: 'error', error, title: 'Candor could not load your profile' });
    }
  }, [host, toSignIn]);

  useEffect(() => {
    void start();
  }, [start]);

  const signIn = useCallback(
    async (person: DevPerson) => {
      const { token, expiresAt } = await devSignIn(person.id);
      saveDevSession({ token, expiresAt, userId: person.id });
      await start();
    },
    [start],
  );

  switch (gate.s) {
    case 'starting':
      return (
        <Frame>
          <Loading label="Signing you in…" />
        </Frame>
      );
    case 'signin':
      return <SignInPage people={gate.people} notice={gate.notice} onSignIn={signIn} />;
    case 'teams-only':
      return <OpenInTeams />;
    case 'error':
      return (
        <Frame>
          <PageHeading>{gate.title}</PageHeading>
          <ErrorState error={gate.error} onRetry={() => void start()} />
        </Frame>
      );
    case 'ready':
      return (
        <SessionContext.Provider value={gate.session}>
          <Shell />
        </SessionContext.Provider>
      );
  }
}
