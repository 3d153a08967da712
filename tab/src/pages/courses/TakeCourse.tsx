/**
 * `#/courses/<id>`: taking a course in the tab. Sections one after the other (each marked read, so the
 * person can stop and come back), then the knowledge check: the questions arrive without their answers
 * and in a new order for each attempt, the server scores them, and a pass shows the certificate.
 */
import {
  Button,
  Checkbox,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  makeStyles,
  tokens,
  typographyStyles,
} from '@fluentui/react-components';
import { useRef, useState, type RefObject } from 'react';
import { ErrorState, Lead, Loading, PageHeading, SectionHeading } from '../../components/ui';
import { href } from '../../route';
import { useSignedIn } from '../../session-context';
import { useLoad } from '../../useLoad';
import { SectionContent } from './SectionContent';
import type { CertificateView, LearnerView, PaperQuestion, Score } from './types';

const useStyles = makeStyles({
  steps: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, padding: 0, listStyle: 'none' },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    margin: `${tokens.spacingVerticalL} 0`,
  },
  question: { margin: `${tokens.spacingVerticalL} 0` },
  results: { maxWidth: '70ch' },
  fieldset: { border: 'none', padding: 0, margin: `${tokens.spacingVerticalL} 0`, display: 'grid' },
  legend: { ...typographyStyles.body1Strong, padding: 0, marginBottom: tokens.spacingVerticalXS },
  error: { color: tokens.colorPaletteRedForeground1, margin: 0 },
});

type Stage =
  | { s: 'reading'; index: number }
  | { s: 'check'; attemptId: string; questions: PaperQuestion[] }
  | { s: 'result'; score: Score; certificate: CertificateView | null };

export function TakeCoursePage({ id }: { id: string }) {
  const { api } = useSignedIn();
  const view = useLoad(() => api.get<LearnerView>(`/courses/${encodeURIComponent(id)}`), [api, id]);
  if (view.status === 'loading' && !view.data) return <Loading label="Loading the course…" />;
  if (view.status === 'error')
    return (
      <>
        <PageHeading>Course</PageHeading>
        <ErrorState error={view.error} onRetry={view.reload} />
      </>
    );
  return <Course id={id} initial={view.data!} />;
}

function Course({ id, initial }: { id: string; initial: LearnerView }) {
  const { api } = useSignedIn();
  const s = useStyles();
  const [view, setView] = useState(initial);
  const [stage, setStage] = useState<Stage>(() => ({ s: 'reading', index: firstUnread(initial) }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const { course, enrollment } = view;
  const base = `/courses/${encodeURIComponent(id)}`;

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      heading.current?.focus();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const start = () => run(async () => setView(await api.post<LearnerView>(`${base}/start`, {})));
  const markRead = (index: number) =>
    run(async () => {
      const section = course.sections[index]!;
      const next = await api.post<LearnerView>(`${base}/sections/${encodeURIComponent(section.id)}/read`, {});
      setView(next);
      if (index + 1 < course.sections.length) setStage({ s: 'reading', index: index + 1 });
      else await beginCheck();
    });
  const beginCheck = async () => {
    const paper = await api.post<{ attemptId: string; questions: PaperQuestion[] }>(`${base}/attempts`, {});
    setStage({ s: 'check', attemptId: paper.attemptId, questions: paper.questions });
  };

  if (enrollment?.status === 'completed' && stage.s !== 'result')
    return (
      <>
        <PageHeading>{course.title}</PageHeading>
        <MessageBar intent="success" role="status">
          <MessageBarBody>
            <MessageBarTitle>You completed this course.</MessageBarTitle>
          </MessageBarBody>
        </MessageBar>
        <CertificateLinks certificate={view.certificate} />
        <p>
          <Link href={href('courses')}>Back to the courses</Link>
        </p>
      </>
    );

  return (
    <>
      <PageHeading>{course.title}</PageHeading>
      {error !== null && <ErrorState error={error} />}
      {!enrollment ? (
        <>
          <Lead>{course.description}</Lead>
          <p>
            {course.sections.length} sections and a knowledge check of {course.questionCount} questions; about{' '}
            {course.estimatedMinutes} minutes. Pass mark: {course.passMarkPercent}%.
          </p>
          <Button appearance="primary" disabled={busy} onClick={() => void start()}>
            Start the course
          </Button>
        </>
      ) : stage.s === 'reading' ? (
        <>
          <nav aria-label="Sections">
            <ol className={s.steps}>
              {course.sections.map((sec, i) => (
                <li key={sec.id}>
                  <Button
                    size="small"
                    appearance={i === stage.index ? 'primary' : 'subtle'}
                    aria-current={i === stage.index ? 'step' : undefined}
                    onClick={() => setStage({ s: 'reading', index: i })}
                  >
                    {i + 1}. {sec.title}
                    {enrollment.sectionsRead.includes(sec.id) ? ' (read)' : ''}
                  </Button>
                </li>
              ))}
            </ol>
          </nav>
          <h2 ref={heading} tabIndex={-1}>
            {course.sections[stage.index]!.title}
          </h2>
          <SectionContent section={course.sections[stage.index]!} />
          <div className={s.actions}>
            <Button appearance="primary" disabled={busy} onClick={() => void markRead(stage.index)}>
              {stage.index + 1 < course.sections.length
                ? 'Mark as read and continue'
                : 'Mark as read and take the knowledge check'}
            </Button>
            {course.sections.every((x) => enrollment.sectionsRead.includes(x.id)) && (
              <Button disabled={busy} onClick={() => void run(beginCheck)}>
                Take the knowledge check
              </Button>
            )}
          </div>
        </>
      ) : stage.s === 'check' ? (
        <KnowledgeCheck
          key={stage.attemptId}
          questions={stage.questions}
          passMark={course.passMarkPercent}
          busy={busy}
          headingRef={heading}
          onSubmit={(answers) =>
            run(async () => {
              const r = await api.post<{
                score: Score;
                certificate: CertificateView | null;
                enrollment: LearnerView['enrollment'];
              }>(`${base}/attempts/${stage.attemptId}`, { answers });
              setView({ ...view, enrollment: r.enrollment, certificate: r.certificate });
              setStage({ s: 'result', score: r.score, certificate: r.certificate });
            })
          }
        />
      ) : (
        <>
          <h2 ref={heading} tabIndex={-1}>
            {stage.score.passed ? 'You passed' : 'Not passed yet'}
          </h2>
          <MessageBar intent={stage.score.passed ? 'success' : 'warning'} role="status">
            <MessageBarBody>
              You answered {stage.score.correct} of {stage.score.total} questions correctly (
              {stage.score.percent}%). The pass mark is {course.passMarkPercent}%.
            </MessageBarBody>
          </MessageBar>
          {stage.score.passed ? (
            <CertificateLinks certificate={stage.certificate} />
          ) : (
            <div className={s.actions}>
              <Button appearance="primary" disabled={busy} onClick={() => void run(beginCheck)}>
                Try again
              </Button>
            </div>
          )}
          <SectionHeading>Your answers</SectionHeading>
          <ol className={s.results}>
            {stage.score.results.map((r) => (
              <li key={r.questionId}>
                <p>
                  <strong>{r.prompt}</strong>
                </p>
                <p>
                  {r.correct ? 'Correct.' : 'Not correct.'} {r.explanation}
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}

function KnowledgeCheck({
  questions,
  passMark,
  busy,
  headingRef,
  onSubmit,
}: {
  questions: PaperQuestion[];
  passMark: number;
  busy: boolean;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onSubmit: (answers: Record<string, string[]>) => void;
}) {
  const s = useStyles();
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const submit = () => {
    const unanswered = questions.filter((q) => !answers[q.id]?.length).map((q) => q.id);
    setMissing(unanswered);
    if (unanswered.length === 0) onSubmit(answers);
    else document.getElementById(`question-${unanswered[0]}`)?.focus();
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
    >
      <h2 ref={headingRef} tabIndex={-1}>
        Knowledge check
      </h2>
      <p>
        Answer all {questions.length} questions. You pass with {passMark}% or more; you can try again as often
        as you need.
      </p>
      {questions.map((q, i) => {
        const label = `${i + 1}. ${q.prompt}${q.kind === 'multiple' ? ' (choose all that apply)' : ''}`;
        const error = missing.includes(q.id) ? 'Answer this question.' : undefined;
        const chosen = answers[q.id] ?? [];
        if (q.kind === 'single')
          return (
            <Field
              key={q.id}
              id={`question-${q.id}`}
              tabIndex={-1}
              className={s.question}
              label={label}
              validationMessage={error}
            >
              <RadioGroup
                value={chosen[0] ?? ''}
                onChange={(_e, d) => setAnswers({ ...answers, [q.id]: [d.value] })}
              >
                {q.choices.map((c) => (
                  <Radio key={c.id} value={c.id} label={c.text} />
                ))}
              </RadioGroup>
            </Field>
          );
        // Checkboxes each keep their own label: a Field would name every one of them with the question.
        return (
          <fieldset
            key={q.id}
            id={`question-${q.id}`}
            tabIndex={-1}
            className={s.fieldset}
            aria-describedby={error ? `question-${q.id}-error` : undefined}
          >
            <legend className={s.legend}>{label}</legend>
            {error && (
              <p id={`question-${q.id}-error`} className={s.error}>
                {error}
              </p>
            )}
            {q.choices.map((c) => (
              <Checkbox
                key={c.id}
                label={c.text}
                checked={chosen.includes(c.id)}
                onChange={(_e, d) =>
                  setAnswers({
                    ...answers,
                    [q.id]: d.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id),
                  })
                }
              />
            ))}
          </fieldset>
        );
      })}
      <Button appearance="primary" type="submit" disabled={busy}>
        Submit my answers
      </Button>
    </form>
  );
}

function CertificateLinks({ certificate }: { certificate: CertificateView | null }) {
  if (!certificate)
    return <p role="status">Your certificate is being prepared; it will also arrive in your Candor chat.</p>;
  return (
    <>
      <SectionHeading>Your certificate of completion</SectionHeading>
      <p>
        {certificate.pdfUrl && (
          <Link href={certificate.pdfUrl} target="_blank" rel="noopener noreferrer">
            Download your certificate (PDF, opens in a new window)
          </Link>
        )}
      </p>
      <p>
        Verification code: <strong>{certificate.code}</strong>.{' '}
        <Link href={certificate.verifyUrl} target="_blank" rel="noopener noreferrer">
          Check it on the verification page
        </Link>
        .
      </p>
      <p>It was also sent to you in the Candor chat.</p>
    </>
  );
}

function firstUnread(view: LearnerView): number {
  const read = view.enrollment?.sectionsRead ?? [];
  const i = view.course.sections.findIndex((x) => !read.includes(x.id));
  return i < 0 ? 0 : i;
}
