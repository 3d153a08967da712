/**
 * The local dev sign-in: choose a person of the org chart (local mode only). In production the dev
 * routes answer 404 and the tab asks the person to open Candor in Microsoft Teams.
 */
import {
  Avatar,
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  makeStyles,
  tokens,
  typographyStyles,
} from '@fluentui/react-components';
import { useState } from 'react';
import { ErrorState, Lead, PageHeading } from '../components/ui';
import { ROLE_LABELS } from '../labels';
import { Frame } from '../Shell';
import type { DevPerson } from '../types';

const useStyles = makeStyles({
  list: {
    listStyle: 'none',
    padding: 0,
    margin: `${tokens.spacingVerticalL} 0 0`,
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
    gap: tokens.spacingHorizontalM,
  },
  person: {
    width: '100%',
    height: '100%',
    justifyContent: 'flex-start',
    alignItems: 'flex-start',
    textAlign: 'left',
    padding: tokens.spacingHorizontalM,
    gap: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    fontWeight: tokens.fontWeightRegular,
  },
  text: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  name: { ...typographyStyles.body1Strong },
  detail: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2 },
  roles: {
    display: 'flex',
    gap: tokens.spacingHorizontalXS,
    flexWrap: 'wrap',
    marginTop: tokens.spacingVerticalXS,
  },
  notice: { marginBottom: tokens.spacingVerticalM },
});

export function SignInPage({
  people,
  notice,
  onSignIn,
}: {
  people: DevPerson[];
  notice: string | null;
  onSignIn(person: DevPerson): Promise<void>;
}) {
  const s = useStyles();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const choose = async (p: DevPerson) => {
    setBusy(p.id);
    setError(null);
    try {
      await onSignIn(p);
    } catch (e) {
      setError(e);
      setBusy(null);
    }
  };
  return (
    <Frame>
      <PageHeading>Sign in to Candor</PageHeading>
      <Lead>
        Candor is running on this computer without Microsoft Teams, so you choose who you are from the demo
        org chart. In Teams you are signed in automatically.
      </Lead>
      {notice && (
        <MessageBar intent="warning" className={s.notice}>
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {error !== null && <ErrorState error={error} title="Sign-in failed" />}
      <ul className={s.list} aria-label="People in the org chart">
        {people.map((p) => (
          <li key={p.id}>
            <Button className={s.person} disabled={busy !== null} onClick={() => void choose(p)}>
              <Avatar name={p.displayName} color="colorful" size={32} aria-hidden />
              <span className={s.text}>
                <span className={s.name}>
                  {busy === p.id ? `Signing in as ${p.displayName}…` : p.displayName}
                </span>
                <span className={s.detail}>
                  {[p.jobTitle, p.department].filter(Boolean).join(' · ') || 'No job title'}
                </span>
                <span className={s.roles}>
                  {p.roles
                    .filter((r) => r !== 'employee')
                    .map((r) => (
                      <Badge key={r} appearance="tint" color="brand" size="small">
                        {ROLE_LABELS[r] ?? r}
                      </Badge>
                    ))}
                </span>
              </span>
            </Button>
          </li>
        ))}
      </ul>
    </Frame>
  );
}

export function OpenInTeams() {
  return (
    <Frame>
      <PageHeading>Open Candor in Microsoft Teams</PageHeading>
      <Lead>
        Candor signs you in through Microsoft Teams. Open the Candor app in Teams to see your disclosures,
        your approvals and the register.
      </Lead>
    </Frame>
  );
}
