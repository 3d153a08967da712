/** Small building blocks shared by the pages: headings, loading, empty and error states, badges. */
import {
  Badge,
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  makeStyles,
  tokens,
  typographyStyles,
  type BadgeProps,
} from '@fluentui/react-components';
import { useEffect, useRef, type ReactNode } from 'react';
import { ApiError } from '../api';
import { outcomeLabel, stateLabel } from '../labels';
import type { DisclosureState, PolicyOutcome } from '../types';
import { useSession } from '../session-context';

const useStyles = makeStyles({
  h1: { ...typographyStyles.title2, margin: `0 0 ${tokens.spacingVerticalM}`, ':focus': { outline: 'none' } },
  h2: { ...typographyStyles.subtitle1, margin: `${tokens.spacingVerticalXL} 0 ${tokens.spacingVerticalS}` },
  lead: {
    ...typographyStyles.body1,
    color: tokens.colorNeutralForeground2,
    margin: `0 0 ${tokens.spacingVerticalL}`,
  },
  center: { padding: `${tokens.spacingVerticalXXL} 0` },
  empty: {
    padding: tokens.spacingVerticalXL,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    textAlign: 'center',
    color: tokens.colorNeutralForeground2,
    margin: `${tokens.spacingVerticalM} 0`,
  },
  emptyTitle: { ...typographyStyles.subtitle2, color: tokens.colorNeutralForeground1, margin: 0 },
  emptyBody: { margin: `${tokens.spacingVerticalS} 0 0` },
  error: { margin: `${tokens.spacingVerticalM} 0` },
});

/**
 * The page's h1. After a navigation inside the tab, focus moves to it so that screen readers announce
 * the new page (not on the first load, which browsers announce themselves).
 */
let navigated = false;
export function PageHeading({ children }: { children: ReactNode }) {
  const s = useStyles();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (navigated) ref.current?.focus();
    navigated = true;
  }, []);
  return (
    <h1 className={s.h1} ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function SectionHeading({ children, id }: { children: ReactNode; id?: string }) {
  const s = useStyles();
  return (
    <h2 className={s.h2} id={id}>
      {children}
    </h2>
  );
}

export function Lead({ children }: { children: ReactNode }) {
  return <p className={useStyles().lead}>{children}</p>;
}

export function Loading({ label }: { label: string }) {
  return (
    <div className={useStyles().center} role="status">
      <Spinner label={label} labelPosition="below" />
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  const s = useStyles();
  return (
    <div className={s.empty} role="status">
      <p className={s.emptyTitle}>{title}</p>
      {children && <div className={s.emptyBody}>{children}</div>}
    </div>
  );
}

/** An error with what to do next: the problem's detail, Retry, or Sign in again after a 401. */
export function ErrorState({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const s = useStyles();
  const session = useSession();
  const problem =
    error instanceof ApiError
      ? error.problem
      : {
          title: 'Something went wrong',
          status: 0,
          detail: error instanceof Error ? error.message : String(error),
        };
  const unauthorized = problem.status === 401 && session?.signInAgain;
  return (
    <MessageBar intent="error" className={s.error} layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title ?? problem.title}</MessageBarTitle>
        {problem.detail}
      </MessageBarBody>
      <MessageBarActions>
        {unauthorized ? (
          <Button onClick={() => session.signInAgain()}>Sign in again</Button>
        ) : (
          onRetry && <Button onClick={onRetry}>Retry</Button>
        )}
      </MessageBarActions>
    </MessageBar>
  );
}

const STATE_COLORS: Record<DisclosureState, BadgeProps['color']> = {
  recorded: 'brand',
  pending_review: 'warning',
  info_requested: 'warning',
  approved: 'success',
  approved_with_conditions: 'success',
  denied: 'danger',
  action_required: 'danger',
  withdrawn: 'informative',
};

export function StateBadge({ state }: { state: DisclosureState }) {
  return (
    <Badge appearance="tint" shape="rounded" color={STATE_COLORS[state] ?? 'informative'}>
      {stateLabel(state)}
    </Badge>
  );
}

const OUTCOME_COLORS: Record<PolicyOutcome, BadgeProps['color']> = {
  permitted: 'success',
  review: 'warning',
  prohibited: 'danger',
};

export function OutcomeBadge({ outcome }: { outcome: PolicyOutcome }) {
  return (
    <Badge appearance="outline" shape="rounded" color={OUTCOME_COLORS[outcome] ?? 'informative'}>
      {outcomeLabel(outcome)}
    </Badge>
  );
}
