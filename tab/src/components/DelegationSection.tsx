/**
 * The Approvals page's "Delegation" section: who decides my new reviews while I am out, from one day to
 * another (GET/PUT/DELETE /api/v1/me/delegation, the same as the bot's `delegate` command).
 */
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import { formatDate } from '../format';
import { useSignedIn } from '../session-context';
import { useLoad } from '../useLoad';
import { ErrorState, Loading, SectionHeading } from './ui';

interface Delegation {
  id: string;
  delegate: { id: string; displayName: string };
  startsOn: string;
  endsOn: string;
}

interface DelegationAnswer {
  delegation: Delegation | null;
  today: string;
  candidates: Array<{ id: string; displayName: string; jobTitle: string | null }>;
}

const useStyles = makeStyles({
  form: {
    display: 'grid',
    gap: tokens.spacingVerticalM,
    maxWidth: '32rem',
  },
  dates: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalM },
  current: { marginBottom: tokens.spacingVerticalM },
});

export function DelegationSection() {
  const { api } = useSignedIn();
  const load = useLoad(() => api.get<DelegationAnswer>('/me/delegation'), [api]);
  // Kept here, not in the form: the form is remade (fresh fields) when the delegation changes.
  const [notice, setNotice] = useState<string | null>(null);
  const changed = (message: string) => {
    setNotice(message);
    load.reload();
  };
  return (
    <section aria-labelledby="delegation-heading">
      <SectionHeading id="delegation-heading">Delegation</SectionHeading>
      {notice && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {!load.data && load.status === 'loading' && <Loading label="Loading your delegation…" />}
      {load.status === 'error' && <ErrorState error={load.error} onRetry={load.reload} />}
      {load.data && (
        <DelegationForm
          key={load.data.delegation?.id ?? 'none'}
          answer={load.data}
          onChanged={changed}
          onEdit={() => setNotice(null)}
        />
      )}
    </section>
  );
}

function DelegationForm({
  answer,
  onChanged,
  onEdit,
}: {
  answer: DelegationAnswer;
  /** After a save or an end, with what to tell the person. */
  onChanged: (message: string) => void;
  /** Before a new attempt (the last notice no longer applies). */
  onEdit: () => void;
}) {
  const s = useStyles();
  const { api } = useSignedIn();
  const current = answer.delegation;
  const [delegateId, setDelegateId] = useState(current?.delegate.id ?? '');
  const [startsOn, setStartsOn] = useState(current?.startsOn ?? answer.today);
  const [endsOn, setEndsOn] = useState(current?.endsOn ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldError = (f: string) => (error instanceof ApiError ? error.fieldError(f) : undefined);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    onEdit();
    try {
      const message = await work();
      setBusy(false);
      onChanged(message);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const saved = await api.put<Delegation>('/me/delegation', { delegateId, startsOn, endsOn });
      return `Saved: ${saved.delegate.displayName} decides your new reviews from ${formatDate(saved.startsOn)} to ${formatDate(saved.endsOn)}.`;
    });
  };
  const end = () =>
    void act(async () => {
      await api.del('/me/delegation');
      return 'Delegation ended: new reviews come to you again.';
    });
  const fieldProblems = error instanceof ApiError && error.problem.errors?.length;

  return (
    <form className={s.form} onSubmit={save} noValidate>
      <p className={s.current}>
        {current
          ? `${current.delegate.displayName} decides your new reviews from ${formatDate(current.startsOn)} to ${formatDate(current.endsOn)}. Reviews already sent to you stay with you.`
          : 'While you are out, disclosures that would come to you for review go to the colleague you choose. Reviews already sent to you stay with you.'}
      </p>
      {error !== null && !fieldProblems && <ErrorState error={error} />}
      <Field label="Who decides for you" required validationMessage={fieldError('delegateId')}>
        <Select value={delegateId} onChange={(_e, d) => setDelegateId(d.value)}>
          <option value="">Choose a colleague</option>
          {answer.candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.jobTitle ? `${c.displayName}, ${c.jobTitle}` : c.displayName}
            </option>
          ))}
        </Select>
      </Field>
      <div className={s.dates}>
        <Field label="First day" required validationMessage={fieldError('startsOn')}>
          <Input type="date" value={startsOn} min={answer.today} onChange={(_e, d) => setStartsOn(d.value)} />
        </Field>
        <Field label="Last day" required validationMessage={fieldError('endsOn')}>
          <Input
            type="date"
            value={endsOn}
            min={startsOn || answer.today}
            onChange={(_e, d) => setEndsOn(d.value)}
          />
        </Field>
      </div>
      <div className={s.buttons}>
        <Button type="submit" appearance="primary" disabled={busy}>
          {busy ? 'Saving…' : current ? 'Save changes' : 'Delegate'}
        </Button>
        {current && (
          <Button type="button" onClick={end} disabled={busy}>
            End delegation
          </Button>
        )}
      </div>
    </form>
  );
}
