/**
 * One disclosure: what was disclosed, what the policy says (with the clauses quoted), the decision, the
 * timeline, and what the viewer may do now (`allowedActions`): withdraw, answer a request for
 * information, record what they did, or decide as the reviewer.
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Textarea,
  makeStyles,
  tokens,
  typographyStyles,
} from '@fluentui/react-components';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api';
import { ErrorState, Loading, PageHeading, SectionHeading, StateBadge } from '../components/ui';
import { formatDate, formatDateTime, formatMoney } from '../format';
import {
  ACTION_LABELS,
  CATEGORY_LABELS,
  DECISION_LABELS,
  DISPOSITION_LABELS,
  FACT_LABELS,
  KIND_LABELS,
  OCCASION_LABELS,
  OUTCOME_LABELS,
  OUTCOME_LABELS_FOR_REVIEWER,
  PUBLIC_OFFICE_STATUS_LABELS,
  RELATIONSHIP_LABELS,
  RELATIVE_INVOLVEMENT_LABELS,
  TYPE_LABELS,
  stateLabel,
  timelineLabel,
  yesNo,
} from '../labels';
import { href, type PageKey } from '../route';
import { useSignedIn } from '../session-context';
import type { ConflictDetailsJson, Decision, DisclosureDetail, GiftDetailsJson } from '../types';
import { useLoad } from '../useLoad';

const BACK: Record<string, string> = {
  mine: 'Back to My disclosures',
  approvals: 'Back to Approvals',
  register: 'Back to the register',
  hr: 'Back to Copied to HR',
};

export const usePanelStyles = makeStyles({
  panel: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow2,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
    marginBottom: tokens.spacingVerticalL,
    '& > h2:first-child': { marginTop: 0 },
  },
});

const useStyles = makeStyles({
  back: { display: 'inline-block', marginBottom: tokens.spacingVerticalM },
  subtitle: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
    margin: `0 0 ${tokens.spacingVerticalL}`,
    color: tokens.colorNeutralForeground2,
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'minmax(140px, max-content) 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
    '@media (max-width: 540px)': { gridTemplateColumns: '1fr' },
  },
  term: { ...typographyStyles.body1Strong, color: tokens.colorNeutralForeground2 },
  def: { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  quote: {
    margin: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalM}`,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
  blockquote: { margin: 0, fontStyle: 'italic' },
  cite: {
    ...typographyStyles.caption1,
    display: 'block',
    marginTop: tokens.spacingVerticalXS,
    color: tokens.colorNeutralForeground2,
  },
  outcome: { ...typographyStyles.subtitle2, margin: `0 0 ${tokens.spacingVerticalS}` },
  h3: { ...typographyStyles.body1Strong, margin: `${tokens.spacingVerticalM} 0 ${tokens.spacingVerticalXS}` },
  list: { margin: `${tokens.spacingVerticalXS} 0`, paddingLeft: tokens.spacingHorizontalXL },
  timeline: { listStyle: 'none', margin: 0, padding: 0 },
  event: {
    position: 'relative',
    padding: `0 0 ${tokens.spacingVerticalL} ${tokens.spacingHorizontalXXL}`,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
    marginLeft: tokens.spacingHorizontalS,
    ':last-child': { borderLeftColor: 'transparent' },
    '::before': {
      content: '""',
      position: 'absolute',
      left: '-7px',
      top: '2px',
      width: '12px',
      height: '12px',
      borderRadius: '50%',
      backgroundColor: tokens.colorBrandBackground,
    },
  },
  eventTitle: { ...typographyStyles.body1Strong, display: 'block' },
  eventMeta: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, display: 'block' },
  eventComment: { margin: `${tokens.spacingVerticalXS} 0 0`, whiteSpace: 'pre-wrap' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '640px' },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  result: { marginBottom: tokens.spacingVerticalL },
  hint: { color: tokens.colorNeutralForeground2, margin: `0 0 ${tokens.spacingVerticalS}` },
});

export function DisclosurePage({ id, from }: { id: string; from: PageKey }) {
  const { api } = useSignedIn();
  const s = useStyles();
  const detail = useLoad(
    () => api.get<DisclosureDetail>(`/disclosures/${encodeURIComponent(id)}`),
    [api, id],
  );
  const [result, setResult] = useState<{ title: string; body: string } | null>(null);

  const done = (d: DisclosureDetail, title: string, body: string) => {
    detail.set(d);
    setResult({ title, body });
  };

  return (
    <>
      <Link href={href(from)} className={s.back}>
        ← {BACK[from] ?? 'Back'}
      </Link>
      {detail.status === 'loading' && !detail.data && (
        <>
          <PageHeading>Disclosure</PageHeading>
          <Loading label="Loading the disclosure…" />
        </>
      )}
      {detail.status === 'error' && (
        <>
          <PageHeading>Disclosure</PageHeading>
          <ErrorState error={detail.error} onRetry={detail.reload} />
        </>
      )}
      {detail.data && <Detail d={detail.data} result={result} onDone={done} onStale={detail.reload} />}
    </>
  );
}

function Detail({
  d,
  result,
  onDone,
  onStale,
}: {
  d: DisclosureDetail;
  result: { title: string; body: string } | null;
  onDone(d: DisclosureDetail, title: string, body: string): void;
  onStale(): void;
}) {
  const s = useStyles();
  const p = usePanelStyles();
  const isEmployee = d.viewerRole === 'employee';
  const outcomeText = (isEmployee ? OUTCOME_LABELS : OUTCOME_LABELS_FOR_REVIEWER)[d.evaluation.outcome];
  const actions = allowed(d);
  return (
    <>
      <PageHeading>
        {TYPE_LABELS[d.type]} disclosure {d.reference}
      </PageHeading>
      <div className={s.subtitle}>
        <StateBadge state={d.state} />
        <span>{d.summary}</span>
      </div>
      {result && (
        <MessageBar intent="success" className={s.result} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{result.title}</MessageBarTitle>
            {result.body}
          </MessageBarBody>
        </MessageBar>
      )}

      {actions.any && (
        <section className={p.panel} aria-labelledby="actions-heading">
          <SectionHeading id="actions-heading">
            {actions.decisions.length > 0 ? 'Your decision' : 'What you can do'}
          </SectionHeading>
          {actions.decisions.length > 0 && (
            <DecisionForm d={d} decisions={actions.decisions} onDone={onDone} onStale={onStale} />
          )}
          {actions.answer && <AnswerForm d={d} onDone={onDone} onStale={onStale} />}
          {actions.resolution && <ResolutionForm d={d} onDone={onDone} onStale={onStale} />}
          {actions.withdraw && <WithdrawButton d={d} onDone={onDone} onStale={onStale} />}
        </section>
      )}

      <section className={p.panel} aria-labelledby="details-heading">
        <SectionHeading id="details-heading">
          {isEmployee ? 'What you disclosed' : 'What was disclosed'}
        </SectionHeading>
        <dl className={s.facts}>
          {!isEmployee && (
            <Fact term="Employee">
              {d.employee.displayName}
              {d.employee.department ? `, ${d.employee.department}` : ''}
            </Fact>
          )}
          {d.gift && <GiftFacts g={d.gift} />}
          {d.conflict && <ConflictFacts c={d.conflict} />}
          <Fact term="Reviewer">{d.reviewer?.displayName ?? 'No review needed'}</Fact>
          <Fact term="Copied to HR">{yesNo(d.hrCopied)}</Fact>
          <Fact term="Disclosed on">{formatDateTime(d.createdAt)}</Fact>
        </dl>
      </section>

      <section className={p.panel} aria-labelledby="policy-heading">
        <SectionHeading id="policy-heading">What the policy says</SectionHeading>
        <p className={s.outcome}>{outcomeText}</p>
        {!isEmployee && d.evaluation.guidance.length > 0 && (
          <h3 className={s.h3}>What Candor told {d.employee.displayName}</h3>
        )}
        {d.evaluation.guidance.map((g, i) => (
          <p key={i}>{g}</p>
        ))}
        {d.evaluation.actions.filter((a) => a !== 'none').length > 0 && (
          <>
            <h3 className={s.h3}>{isEmployee ? 'What you need to do' : 'What the employee needs to do'}</h3>
            <ul className={s.list}>
              {d.evaluation.actions
                .filter((a) => a !== 'none')
                .map((a) => (
                  <li key={a}>{ACTION_LABELS[a] ?? a}</li>
                ))}
            </ul>
          </>
        )}
        {d.evaluation.citations.length > 0 && (
          <>
            <h3 className={s.h3}>{d.evaluation.citations.length === 1 ? 'The clause' : 'The clauses'}</h3>
            {d.evaluation.citations.map((c, i) => (
              <figure key={`${c.ruleId ?? ''}${i}`} className={s.quote}>
                <blockquote className={s.blockquote}>{c.quote}</blockquote>
                <figcaption className={s.cite}>
                  {c.document}, {c.clause}
                </figcaption>
              </figure>
            ))}
          </>
        )}
      </section>

      {(d.decision || d.infoRequest || d.resolution || d.state === 'withdrawn') && (
        <section className={p.panel} aria-labelledby="decision-heading">
          <SectionHeading id="decision-heading">Decision</SectionHeading>
          <dl className={s.facts}>
            {d.decision && (
              <Fact term="Decision">
                {stateLabel(d.state === 'withdrawn' ? decisionState(d.decision) : d.state)}
                {d.reviewer ? ` by ${d.reviewer.displayName}` : ''}
              </Fact>
            )}
            {d.decisionComment && <Fact term="Comment">{d.decisionComment}</Fact>}
            {d.conditions && <Fact term="Conditions">{d.conditions}</Fact>}
            {d.infoRequest && <Fact term="Question">{d.infoRequest}</Fact>}
            {d.infoRequest && <Fact term="Answer">{d.infoAnswer ?? 'Not answered yet'}</Fact>}
            {d.resolution && <Fact term="What was done">{d.resolution}</Fact>}
            {!d.decision && d.state === 'withdrawn' && <Fact term="Status">Withdrawn before a decision</Fact>}
          </dl>
        </section>
      )}

      <section className={p.panel} aria-labelledby="timeline-heading">
        <SectionHeading id="timeline-heading">Timeline</SectionHeading>
        <ol className={s.timeline}>
          {d.timeline.map((e, i) => (
            <li key={i} className={s.event}>
              <span className={s.eventTitle}>{timelineLabel(e.action, e.toState)}</span>
              <span className={s.eventMeta}>
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                {e.actor ? ` · ${e.actor.displayName}` : ''}
              </span>
              {e.comment && <p className={s.eventComment}>“{e.comment}”</p>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function decisionState(decision: Decision) {
  return decision === 'approve'
    ? 'approved'
    : decision === 'approve_with_conditions'
      ? 'approved_with_conditions'
      : 'denied';
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  const s = useStyles();
  return (
    <>
      <dt className={s.term}>{term}</dt>
      <dd className={s.def}>{children}</dd>
    </>
  );
}

function GiftFacts({ g }: { g: GiftDetailsJson }) {
  return (
    <>
      <Fact term="The gift">{g.description}</Fact>
      <Fact term="Kind">{KIND_LABELS[g.kind] ?? g.kind}</Fact>
      <Fact term="Estimated value">{formatMoney(g.valueCents)}</Fact>
      <Fact term="From">
        {g.donorName}
        {g.donorOrganization ? `, ${g.donorOrganization}` : ''}
      </Fact>
      <Fact term="Relationship">{RELATIONSHIP_LABELS[g.relationship] ?? g.relationship}</Fact>
      <Fact term="Occasion">{OCCASION_LABELS[g.occasion] ?? g.occasion}</Fact>
      <Fact term="Date">{formatDate(g.dateReceived)}</Fact>
      <Fact term="As a member of a group">{yesNo(g.asGroupMember)}</Fact>
      <Fact term="What happened to it">{DISPOSITION_LABELS[g.disposition] ?? g.disposition}</Fact>
    </>
  );
}

function ConflictFacts({ c }: { c: ConflictDetailsJson }) {
  const f = c.facts ?? {};
  return (
    <>
      <Fact term="Kind">{CATEGORY_LABELS[c.category] ?? c.category}</Fact>
      <Fact term="Description">{c.description}</Fact>
      {c.parties && <Fact term="Who is involved">{c.parties}</Fact>}
      <Fact term="Dates">
        {c.startDate ? formatDate(c.startDate) : 'No start date'}
        {c.endDate ? ` to ${formatDate(c.endDate)}` : ''}
        {c.ongoing ? ' (ongoing)' : ''}
      </Fact>
      {f.relativeInvolvement && (
        <Fact term={FACT_LABELS.relativeInvolvement}>
          {RELATIVE_INVOLVEMENT_LABELS[f.relativeInvolvement]}
        </Fact>
      )}
      {f.publicOfficeStatus && (
        <Fact term={FACT_LABELS.publicOfficeStatus}>{PUBLIC_OFFICE_STATUS_LABELS[f.publicOfficeStatus]}</Fact>
      )}
      {f.officeTerm && <Fact term={FACT_LABELS.officeTerm}>{f.officeTerm}</Fact>}
      {(
        [
          'counterpartyDealsWithAgency',
          'employerIsAgencyContractor',
          'onStateTimeOrResources',
          'partisan',
          'briefOccasionalPersonalCall',
          'federallyFunded',
        ] as const
      )
        .filter((k) => typeof f[k] === 'boolean')
        .map((k) => (
          <Fact key={k} term={FACT_LABELS[k]}>
            {yesNo(f[k] as boolean)}
          </Fact>
        ))}
    </>
  );
}

/** What `allowedActions` lets the viewer do. Accepts the API's names and their obvious variants. */
function allowed(d: DisclosureDetail) {
  const a = new Set(d.allowedActions ?? []);
  const all: Decision[] = ['approve', 'approve_with_conditions', 'deny', 'request_info'];
  const decisions = a.has('decide') ? all : all.filter((x) => a.has(x));
  const withdraw = a.has('withdraw');
  const answer = a.has('answer') || a.has('answer_info');
  const resolution = a.has('resolution') || a.has('resolve') || a.has('record_resolution');
  return {
    decisions,
    withdraw,
    answer,
    resolution,
    any: decisions.length > 0 || withdraw || answer || resolution,
  };
}

interface ActionProps {
  d: DisclosureDetail;
  onDone(d: DisclosureDetail, title: string, body: string): void;
  onStale(): void;
}

/** Posts an action; keeps the error (with field messages) for the form to show. */
function useAction() {
  const { api } = useSignedIn();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (path: string, body: unknown): Promise<DisclosureDetail | null> => {
    setBusy(true);
    setError(null);
    try {
      return await api.post<DisclosureDetail>(path, body);
    } catch (e) {
      setError(e);
      return null;
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldError(field) : undefined);
  /** The error as a banner, unless every message of it already sits beside a field. */
  const banner = (fields: string[], onStale: () => void) => {
    if (!error) return null;
    if (
      error instanceof ApiError &&
      error.status === 400 &&
      (error.problem.errors ?? []).length > 0 &&
      error.problem.errors!.every((e) => fields.includes(e.field))
    )
      return null;
    const stale = error instanceof ApiError && (error.status === 409 || error.status === 422);
    return <ErrorState error={error} onRetry={stale ? onStale : undefined} />;
  };
  return { busy, run, fieldError, banner };
}

const DECISION_RESULT: Record<Decision, string> = {
  approve: 'You approved this disclosure.',
  approve_with_conditions: 'You approved this disclosure with conditions.',
  deny: 'You denied this disclosure.',
  request_info: 'You asked the employee for more information.',
};

function DecisionForm({ d, decisions, onDone, onStale }: ActionProps & { decisions: Decision[] }) {
  const s = useStyles();
  const action = useAction();
  const [decision, setDecision] = useState<Decision | ''>('');
  const [comment, setComment] = useState('');
  const [conditions, setConditions] = useState('');
  const [tried, setTried] = useState(false);

  const needsComment = decision === 'deny' || decision === 'request_info';
  const problems = {
    decision: decision === '' ? 'Choose a decision.' : undefined,
    conditions:
      decision === 'approve_with_conditions' && !conditions.trim()
        ? 'Write the conditions the employee must meet.'
        : undefined,
    comment:
      decision === 'deny' && !comment.trim()
        ? 'Tell the employee why in the comment.'
        : decision === 'request_info' && !comment.trim()
          ? 'Write what you need to know in the comment.'
          : undefined,
  };
  const show = (k: keyof typeof problems) => (tried ? problems[k] : undefined) ?? action.fieldError(k);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (problems.decision || problems.conditions || problems.comment || decision === '') return;
    const body: Record<string, string> = { decision };
    if (comment.trim()) body.comment = comment.trim();
    if (decision === 'approve_with_conditions') body.conditions = conditions.trim();
    const updated = await action.run(`/approvals/${encodeURIComponent(d.id)}/decision`, body);
    if (updated)
      onDone(
        updated,
        `Decision sent: ${stateLabel(updated.state)}`,
        `${DECISION_RESULT[decision]} ${d.employee.displayName} is told in the Candor chat, and the cards there show your decision.`,
      );
  };

  const commentLabel =
    decision === 'request_info'
      ? 'Your question'
      : decision === 'deny'
        ? 'Why (required)'
        : 'Comment (optional)';
  return (
    <form className={s.form} onSubmit={(e) => void submit(e)} noValidate>
      <p className={s.hint}>
        {d.employee.displayName} is waiting for your decision. Your comment goes to them with the decision.
      </p>
      <Field label="Decision" required validationMessage={show('decision')}>
        <RadioGroup value={decision} onChange={(_e, v) => setDecision(v.value as Decision)}>
          {decisions.map((x) => (
            <Radio key={x} value={x} label={DECISION_LABELS[x]} />
          ))}
        </RadioGroup>
      </Field>
      {decision === 'approve_with_conditions' && (
        <Field
          label="Conditions"
          required
          validationMessage={show('conditions')}
          hint="What the employee must do or respect."
        >
          <Textarea
            value={conditions}
            onChange={(_e, v) => setConditions(v.value)}
            resize="vertical"
            maxLength={2000}
          />
        </Field>
      )}
      <Field
        label={commentLabel}
        required={needsComment}
        validationMessage={show('comment')}
        hint={decision === 'request_info' ? 'The employee answers it in the chat or here.' : undefined}
      >
        <Textarea
          value={comment}
          onChange={(_e, v) => setComment(v.value)}
          resize="vertical"
          maxLength={2000}
        />
      </Field>
      {action.banner(['decision', 'comment', 'conditions'], onStale)}
      <div className={s.buttons}>
        <Button type="submit" appearance="primary" disabled={action.busy}>
          {action.busy ? 'Sending…' : 'Send decision'}
        </Button>
      </div>
    </form>
  );
}

function AnswerForm({ d, onDone, onStale }: ActionProps) {
  const s = useStyles();
  const action = useAction();
  const [answer, setAnswer] = useState('');
  const [tried, setTried] = useState(false);
  const problem = tried && !answer.trim() ? 'Write your answer to the question.' : undefined;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!answer.trim()) return;
    const updated = await action.run(`/disclosures/${encodeURIComponent(d.id)}/answer`, {
      answer: answer.trim(),
    });
    if (updated)
      onDone(
        updated,
        'Answer sent',
        `${d.reviewer?.displayName ?? 'Your reviewer'} has your answer and will decide.`,
      );
  };
  return (
    <form className={s.form} onSubmit={(e) => void submit(e)} noValidate>
      <p className={s.hint}>
        {d.reviewer?.displayName ?? 'Your reviewer'} asked: <q>{d.infoRequest}</q>
      </p>
      <Field label="Your answer" required validationMessage={problem ?? action.fieldError('answer')}>
        <Textarea
          value={answer}
          onChange={(_e, v) => setAnswer(v.value)}
          resize="vertical"
          maxLength={2000}
        />
      </Field>
      {action.banner(['answer'], onStale)}
      <div className={s.buttons}>
        <Button type="submit" appearance="primary" disabled={action.busy}>
          {action.busy ? 'Sending…' : 'Send answer'}
        </Button>
      </div>
    </form>
  );
}

function ResolutionForm({ d, onDone, onStale }: ActionProps) {
  const s = useStyles();
  const action = useAction();
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const problem = tried && !text.trim() ? 'Write what you did.' : undefined;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!text.trim()) return;
    const updated = await action.run(`/disclosures/${encodeURIComponent(d.id)}/resolution`, {
      resolution: text.trim(),
    });
    if (updated) onDone(updated, 'Recorded', 'What you did is recorded, and your supervisor is informed.');
  };
  return (
    <form className={s.form} onSubmit={(e) => void submit(e)} noValidate>
      <p className={s.hint}>The policy does not permit this. Once you have acted, record what you did.</p>
      <Field
        label="What did you do?"
        required
        hint="For example: “I returned the tickets to the vendor on 3 March.”"
        validationMessage={problem ?? action.fieldError('resolution')}
      >
        <Textarea value={text} onChange={(_e, v) => setText(v.value)} resize="vertical" maxLength={2000} />
      </Field>
      {action.banner(['resolution'], onStale)}
      <div className={s.buttons}>
        <Button type="submit" appearance="primary" disabled={action.busy}>
          {action.busy ? 'Recording…' : 'Record what I did'}
        </Button>
      </div>
    </form>
  );
}

function WithdrawButton({ d, onDone, onStale }: ActionProps) {
  const s = useStyles();
  const action = useAction();
  const [open, setOpen] = useState(false);
  const withdraw = async () => {
    const updated = await action.run(`/disclosures/${encodeURIComponent(d.id)}/withdraw`, {});
    setOpen(false);
    if (updated)
      onDone(
        updated,
        'Withdrawn',
        'This disclosure is withdrawn. Your supervisor no longer needs to review it.',
      );
  };
  return (
    <div className={s.form}>
      <p className={s.hint}>
        Nothing is decided yet. If you no longer need a decision, you can withdraw this disclosure.
      </p>
      {action.banner([], onStale)}
      <div className={s.buttons}>
        <Dialog open={open} onOpenChange={(_e, v) => setOpen(v.open)}>
          <DialogTrigger disableButtonEnhancement>
            <Button>Withdraw this disclosure</Button>
          </DialogTrigger>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>Withdraw {d.reference}?</DialogTitle>
              <DialogContent>
                Your supervisor will no longer be asked to review it. It stays in the record as withdrawn, and
                you cannot undo this.
              </DialogContent>
              <DialogActions>
                <DialogTrigger disableButtonEnhancement>
                  <Button appearance="secondary">Keep it</Button>
                </DialogTrigger>
                <Button appearance="primary" onClick={() => void withdraw()} disabled={action.busy}>
                  {action.busy ? 'Withdrawing…' : 'Withdraw'}
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      </div>
    </div>
  );
}
