/**
 * Create or edit an event. Times are typed as local date and time in the event's zone (the agency's by
 * default); the API turns them into UTC instants. A time in the hour the clocks fall back happens twice:
 * the API then answers with the two offsets, and the form asks which one is meant.
 */
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import type { EventJson } from '../event-types';
import { useSignedIn } from '../session-context';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '40rem' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, marginTop: tokens.spacingVerticalM },
});

type Values = Record<string, string>;

function initial(event: EventJson | null, timeZone: string): Values {
  if (!event)
    return {
      kind: 'outreach',
      audience: 'staff',
      title: '',
      description: '',
      timeZone,
      startDate: '',
      startTime: '',
      startOffset: '',
      endDate: '',
      endTime: '',
      endOffset: '',
      capacity: '',
      presenters: '',
      registrationOpens: '',
      registrationCloses: '',
      completionPercent: '80',
    };
  return {
    kind: event.kind,
    audience: event.audience,
    title: event.title,
    description: event.description,
    timeZone: event.timeZone,
    ...event.local,
    capacity: event.capacity === null ? '' : String(event.capacity),
    presenters: event.presenters.join('\n'),
    completionPercent: String(event.completionPercent),
  };
}

export function EventForm({
  event,
  timeZone,
  onSaved,
  onCancel,
}: {
  event: EventJson | null;
  timeZone: string;
  onSaved(id: string): void;
  onCancel(): void;
}) {
  const s = useStyles();
  const { api } = useSignedIn();
  const [values, setValues] = useState<Values>(() => initial(event, timeZone));
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (name: string) => (_e: unknown, data: { value: string }) =>
    setValues((v) => ({ ...v, [name]: data.value }));
  const fieldError = (name: string) => error?.fieldError(name);
  const choices = error?.problem.choices ?? {};

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const body = { ...values, ...(event ? { version: event.version } : {}) };
      const saved = event
        ? await api.put<{ event: EventJson }>(`/events/${event.id}`, body)
        : await api.post<{ event: EventJson }>('/events', body);
      onSaved(saved.event.id);
    } catch (err) {
      setError(
        err instanceof ApiError
          ? err
          : new ApiError({ title: 'Something went wrong', status: 0, detail: String(err) }),
      );
    } finally {
      setSaving(false);
    }
  };

  const offsetChoice = (name: 'startOffset' | 'endOffset', label: string) =>
    choices[name] ? (
      <Field label={label} validationMessage={fieldError(name)} required>
        <RadioGroup value={values[name]} onChange={set(name)}>
          {choices[name]!.map((c) => (
            <Radio key={c.offset} value={c.offset} label={c.label} />
          ))}
        </RadioGroup>
      </Field>
    ) : null;

  return (
    <form className={s.form} onSubmit={submit} noValidate aria-label={event ? 'Edit the event' : 'New event'}>
      {error && !error.problem.errors?.length && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error.problem.detail}</MessageBarBody>
        </MessageBar>
      )}
      {error?.problem.errors?.length ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            Some fields need attention: {error.problem.errors.map((f) => f.message).join(' ')}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={s.row}>
        <Field label="Kind" validationMessage={fieldError('kind')}>
          <Select value={values.kind} onChange={set('kind')}>
            <option value="outreach">Outreach event</option>
            <option value="training">Training</option>
          </Select>
        </Field>
        <Field label="Audience" validationMessage={fieldError('audience')}>
          <Select value={values.audience} onChange={set('audience')}>
            <option value="staff">Staff</option>
            <option value="public">The public (registration page without Teams)</option>
          </Select>
        </Field>
      </div>
      <Field label="Title" required validationMessage={fieldError('title')}>
        <Input value={values.title} onChange={set('title')} maxLength={200} />
      </Field>
      <Field label="Description" validationMessage={fieldError('description')}>
        <Textarea value={values.description} onChange={set('description')} rows={3} maxLength={4000} />
      </Field>
      <Field
        label="Time zone"
        hint="The times below are in this zone (IANA name)."
        validationMessage={fieldError('timeZone')}
      >
        <Input value={values.timeZone} onChange={set('timeZone')} />
      </Field>
      <div className={s.row}>
        <Field label="Event date" required validationMessage={fieldError('startDate')}>
          <Input type="date" value={values.startDate} onChange={set('startDate')} />
        </Field>
        <Field label="Starts at" required validationMessage={fieldError('startTime')}>
          <Input type="time" value={values.startTime} onChange={set('startTime')} />
        </Field>
        <Field label="Ends at" required validationMessage={fieldError('endTime')}>
          <Input type="time" value={values.endTime} onChange={set('endTime')} />
        </Field>
        <Field label="End date" hint="If it ends on another day." validationMessage={fieldError('endDate')}>
          <Input type="date" value={values.endDate} onChange={set('endDate')} />
        </Field>
      </div>
      {offsetChoice('startOffset', 'The start time happens twice that night. Which one?')}
      {offsetChoice('endOffset', 'The end time happens twice that night. Which one?')}
      <div className={s.row}>
        <Field
          label="Seats"
          hint="Empty: no limit. When full, people join a waitlist."
          validationMessage={fieldError('capacity')}
        >
          <Input type="number" min={1} value={values.capacity} onChange={set('capacity')} />
        </Field>
        {values.kind === 'training' && (
          <Field
            label="Certificate after attending (% of the time)"
            validationMessage={fieldError('completionPercent')}
          >
            <Input
              type="number"
              min={1}
              max={100}
              value={values.completionPercent}
              onChange={set('completionPercent')}
            />
          </Field>
        )}
      </div>
      <Field label="Presenters" hint="One per line." validationMessage={fieldError('presenters')}>
        <Textarea value={values.presenters} onChange={set('presenters')} rows={2} />
      </Field>
      <div className={s.row}>
        <Field
          label="Registration opens"
          hint="Empty: now."
          validationMessage={fieldError('registrationOpens')}
        >
          <Input type="datetime-local" value={values.registrationOpens} onChange={set('registrationOpens')} />
        </Field>
        <Field
          label="Registration closes"
          hint="Empty: when the event ends."
          validationMessage={fieldError('registrationCloses')}
        >
          <Input
            type="datetime-local"
            value={values.registrationCloses}
            onChange={set('registrationCloses')}
          />
        </Field>
      </div>
      <div className={s.actions}>
        <Button appearance="primary" type="submit" disabled={saving}>
          {saving ? 'Saving…' : event ? 'Save changes' : 'Create event'}
        </Button>
        <Button type="button" onClick={onCancel}>
          Back
        </Button>
      </div>
    </form>
  );
}
