/**
 * `#/authoring/<id>`: the course editor. Details, sections (text, image, video and file blocks) and the
 * knowledge check, each reorderable; save the draft, preview it as learners will read it, publish it (a
 * new version), retire it, export it as a file; assign the published course and follow who completed it.
 */
import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api';
import { ErrorState, Lead, Loading, PageHeading, SectionHeading } from '../../components/ui';
import { useSignedIn } from '../../session-context';
import { useLoad } from '../../useLoad';
import { Assignments } from './Assignments';
import { saveFile } from './save-file';
import { SectionContent } from './SectionContent';
import { AUDIENCE_LABELS, STATUS_LABELS, type Block, type CourseContent, type CourseDetail } from './types';

const useStyles = makeStyles({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    margin: `${tokens.spacingVerticalM} 0`,
  },
  grid: { display: 'grid', gap: tokens.spacingVerticalM, maxWidth: '720px' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  item: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    display: 'grid',
    gap: tokens.spacingVerticalS,
    margin: `${tokens.spacingVerticalM} 0`,
    maxWidth: '720px',
  },
  block: {
    borderLeft: `3px solid ${tokens.colorBrandStroke2}`,
    paddingLeft: tokens.spacingHorizontalM,
    display: 'grid',
    gap: tokens.spacingVerticalS,
  },
  choice: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  grow: { flexGrow: 1, minWidth: '200px' },
});

type Edit = (draft: CourseContent) => void;

const BLOCK_LABELS: Record<Block['type'], string> = {
  text: 'Text',
  image: 'Image',
  video: 'Video link',
  file: 'File to download',
};

function newBlock(type: Block['type']): Block {
  switch (type) {
    case 'text':
      return { type, text: 'New text.' };
    case 'image':
      return { type, url: 'https://', alt: '' };
    case 'video':
      return { type, url: 'https://', title: '' };
    case 'file':
      return { type, url: 'https://', title: '' };
  }
}

/** An id not used yet among `taken`: `prefix-1`, `prefix-2`, … */
function freshId(prefix: string, taken: string[]): string {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

function move<T>(items: T[], from: number, to: number): void {
  const [item] = items.splice(from, 1);
  items.splice(to, 0, item!);
}

function MoveButtons({
  index,
  count,
  what,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  what: string;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  return (
    <div>
      <Button
        size="small"
        disabled={index === 0}
        onClick={() => onMove(index - 1)}
        aria-label={`Move up: ${what}`}
      >
        Move up
      </Button>{' '}
      <Button
        size="small"
        disabled={index === count - 1}
        onClick={() => onMove(index + 1)}
        aria-label={`Move down: ${what}`}
      >
        Move down
      </Button>{' '}
      <Button size="small" disabled={count === 1} onClick={onRemove} aria-label={`Remove: ${what}`}>
        Remove
      </Button>
    </div>
  );
}

export function CourseEditorPage({ id }: { id: string }) {
  const { api } = useSignedIn();
  const loaded = useLoad(
    () => api.get<CourseDetail>(`/authoring/courses/${encodeURIComponent(id)}`),
    [api, id],
  );
  if (loaded.status === 'loading' && !loaded.data) return <Loading label="Loading the course…" />;
  if (loaded.status === 'error')
    return (
      <>
        <PageHeading>Course</PageHeading>
        <ErrorState error={loaded.error} onRetry={loaded.reload} />
      </>
    );
  return <Editor initial={loaded.data!} reload={loaded.reload} />;
}

function Editor({ initial, reload }: { initial: CourseDetail; reload: () => void }) {
  const { api } = useSignedIn();
  const s = useStyles();
  const [course, setCourse] = useState(initial);
  const [draft, setDraft] = useState<CourseContent>(initial.draft);
  const [dirty, setDirty] = useState(false);
  const [preview, setPreview] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setCourse(initial), [initial]);
  const base = `/authoring/courses/${encodeURIComponent(course.id)}`;

  const edit = (fn: Edit) => {
    const next = structuredClone(draft);
    fn(next);
    setDraft(next);
    setDirty(true);
    setNotice(null);
  };

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await work());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    const saved = await api.put<CourseDetail>(`${base}/draft`, draft);
    setCourse({ ...course, ...saved });
    setDirty(false);
  };
  const exportCourse = async (version: number | null) => {
    const { blob, filename } = await api.download(
      `${base}/export`,
      { version: version ?? 'draft' },
      'course.json',
    );
    saveFile(blob, filename);
  };

  const fieldErrors = error instanceof ApiError ? (error.problem.errors ?? []) : [];

  return (
    <>
      <PageHeading>{draft.title}</PageHeading>
      <Lead>
        <Badge appearance="tint">{STATUS_LABELS[course.status]}</Badge>{' '}
        {course.currentVersion ? `Published version ${course.currentVersion}. ` : 'Not published yet. '}
        {dirty ? 'You have unsaved changes.' : ''}
      </Lead>
      <div className={s.toolbar} role="toolbar" aria-label="Course actions">
        <Button
          appearance="primary"
          disabled={busy || !dirty}
          onClick={() => void act(async () => (await save(), 'Draft saved.'))}
        >
          Save draft
        </Button>
        <Button disabled={busy} onClick={() => setPreview(!preview)} aria-pressed={preview}>
          {preview ? 'Back to editing' : 'Preview'}
        </Button>
        <Button
          disabled={busy}
          onClick={() =>
            void act(async () => {
              if (dirty) await save();
              const published = await api.post<CourseDetail>(`${base}/publish`, {});
              reload();
              return `Published as version ${published.currentVersion}.`;
            })
          }
        >
          {dirty ? 'Save and publish' : 'Publish'}
        </Button>
        {course.status === 'published' && (
          <Button
            disabled={busy}
            onClick={() =>
              void act(
                async () => (
                  await api.post(`${base}/retire`, {}),
                  reload(),
                  'Retired: no one can start it now.'
                ),
              )
            }
          >
            Retire
          </Button>
        )}
        <Button
          disabled={busy}
          onClick={() => void act(async () => (await exportCourse(null), 'Draft exported.'))}
        >
          Export draft
        </Button>
        {course.versions.map((v) => (
          <Button
            key={v.version}
            disabled={busy}
            onClick={() =>
              void act(async () => (await exportCourse(v.version), `Version ${v.version} exported.`))
            }
          >
            Export version {v.version}
          </Button>
        ))}
      </div>
      {notice && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {error !== null &&
        (fieldErrors.length > 0 ? (
          <MessageBar intent="error" role="alert" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>The course needs attention</MessageBarTitle>
              <ul>
                {fieldErrors.map((e, i) => (
                  <li key={i}>
                    {e.field}: {e.message}
                  </li>
                ))}
              </ul>
            </MessageBarBody>
          </MessageBar>
        ) : (
          <ErrorState error={error} />
        ))}
      {preview ? <Preview draft={draft} /> : <Form draft={draft} edit={edit} />}
      {course.status === 'published' && draft.audience !== 'public' && <Assignments courseId={course.id} />}
    </>
  );
}

function Preview({ draft }: { draft: CourseContent }) {
  return (
    <section aria-label="Preview">
      <SectionHeading>Preview</SectionHeading>
      <p>{draft.description}</p>
      {draft.sections.map((sec, i) => (
        <div key={sec.id}>
          <h3>
            {i + 1}. {sec.title}
          </h3>
          <SectionContent section={sec} />
        </div>
      ))}
      <h3>Knowledge check (pass mark {draft.passMarkPercent}%)</h3>
      <ol>
        {draft.questions.map((q) => (
          <li key={q.id}>
            <p>{q.prompt}</p>
            <ul>
              {q.choices.map((c) => (
                <li key={c.id}>
                  {c.text}
                  {c.correct ? ' — correct' : ''}
                </li>
              ))}
            </ul>
            <p>
              <em>{q.explanation}</em>
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Form({ draft, edit }: { draft: CourseContent; edit: (fn: Edit) => void }) {
  const s = useStyles();
  return (
    <>
      <SectionHeading>Details</SectionHeading>
      <div className={s.grid}>
        <Field label="Title" required>
          <Input value={draft.title} onChange={(_e, d) => edit((x) => void (x.title = d.value))} />
        </Field>
        <Field label="Description" required>
          <Textarea
            value={draft.description}
            resize="vertical"
            onChange={(_e, d) => edit((x) => void (x.description = d.value))}
          />
        </Field>
        <div className={s.row}>
          <Field label="For">
            <Select
              value={draft.audience}
              onChange={(_e, d) => edit((x) => void (x.audience = d.value as CourseContent['audience']))}
            >
              {(Object.keys(AUDIENCE_LABELS) as Array<CourseContent['audience']>).map((a) => (
                <option key={a} value={a}>
                  {AUDIENCE_LABELS[a]}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Estimated minutes">
            <Input
              type="number"
              min={1}
              max={600}
              value={String(draft.estimatedMinutes)}
              onChange={(_e, d) => edit((x) => void (x.estimatedMinutes = Number(d.value)))}
            />
          </Field>
          <Field label="Pass mark (%)">
            <Input
              type="number"
              min={1}
              max={100}
              value={String(draft.passMarkPercent)}
              onChange={(_e, d) => edit((x) => void (x.passMarkPercent = Number(d.value)))}
            />
          </Field>
        </div>
      </div>

      <SectionHeading>Sections</SectionHeading>
      {draft.sections.map((sec, si) => (
        <fieldset key={sec.id} className={s.item}>
          <legend>Section {si + 1}</legend>
          <Field label="Section title" required>
            <Input
              value={sec.title}
              onChange={(_e, d) => edit((x) => void (x.sections[si]!.title = d.value))}
            />
          </Field>
          {sec.blocks.map((b, bi) => (
            <div
              key={bi}
              className={s.block}
              role="group"
              aria-label={`Section ${si + 1}, block ${bi + 1}: ${BLOCK_LABELS[b.type]}`}
            >
              <BlockFields block={b} onChange={(nb) => edit((x) => void (x.sections[si]!.blocks[bi] = nb))} />
              <MoveButtons
                index={bi}
                count={sec.blocks.length}
                what={`block ${bi + 1} of section ${si + 1}`}
                onMove={(to) => edit((x) => move(x.sections[si]!.blocks, bi, to))}
                onRemove={() => edit((x) => void x.sections[si]!.blocks.splice(bi, 1))}
              />
            </div>
          ))}
          <div className={s.row}>
            {(Object.keys(BLOCK_LABELS) as Array<Block['type']>).map((t) => (
              <Button
                key={t}
                size="small"
                onClick={() => edit((x) => void x.sections[si]!.blocks.push(newBlock(t)))}
              >
                Add {BLOCK_LABELS[t].toLowerCase()}
              </Button>
            ))}
          </div>
          <MoveButtons
            index={si}
            count={draft.sections.length}
            what={`section ${si + 1}`}
            onMove={(to) => edit((x) => move(x.sections, si, to))}
            onRemove={() => edit((x) => void x.sections.splice(si, 1))}
          />
        </fieldset>
      ))}
      <Button
        onClick={() =>
          edit(
            (x) =>
              void x.sections.push({
                id: freshId(
                  'section',
                  x.sections.map((y) => y.id),
                ),
                title: 'New section',
                blocks: [newBlock('text')],
              }),
          )
        }
      >
        Add a section
      </Button>

      <SectionHeading>Knowledge check</SectionHeading>
      {draft.questions.map((q, qi) => (
        <fieldset key={q.id} className={s.item}>
          <legend>Question {qi + 1}</legend>
          <Field label="Question" required>
            <Textarea
              value={q.prompt}
              onChange={(_e, d) => edit((x) => void (x.questions[qi]!.prompt = d.value))}
            />
          </Field>
          <Field label="Answers">
            <Select
              value={q.kind}
              onChange={(_e, d) =>
                edit((x) => void (x.questions[qi]!.kind = d.value as 'single' | 'multiple'))
              }
            >
              <option value="single">One correct answer</option>
              <option value="multiple">One or more correct answers</option>
            </Select>
          </Field>
          {q.choices.map((c, ci) => (
            <div key={c.id} className={s.choice}>
              <Field label={`Choice ${ci + 1}`} className={s.grow}>
                <Input
                  value={c.text}
                  onChange={(_e, d) => edit((x) => void (x.questions[qi]!.choices[ci]!.text = d.value))}
                />
              </Field>
              <Checkbox
                label="Correct"
                checked={c.correct}
                onChange={(_e, d) =>
                  edit((x) => {
                    const choices = x.questions[qi]!.choices;
                    if (x.questions[qi]!.kind === 'single' && d.checked)
                      choices.forEach((y) => (y.correct = false));
                    choices[ci]!.correct = Boolean(d.checked);
                  })
                }
              />
              <Button
                size="small"
                disabled={q.choices.length <= 2}
                onClick={() => edit((x) => void x.questions[qi]!.choices.splice(ci, 1))}
                aria-label={`Remove choice ${ci + 1} of question ${qi + 1}`}
              >
                Remove
              </Button>
            </div>
          ))}
          <div>
            <Button
              size="small"
              disabled={q.choices.length >= 8}
              onClick={() =>
                edit((x) => {
                  const choices = x.questions[qi]!.choices;
                  choices.push({
                    id: freshId(
                      'choice',
                      choices.map((y) => y.id),
                    ),
                    text: 'New choice',
                    correct: false,
                  });
                })
              }
            >
              Add a choice
            </Button>
          </div>
          <Field label="Explanation (shown after an attempt)" required>
            <Textarea
              value={q.explanation}
              onChange={(_e, d) => edit((x) => void (x.questions[qi]!.explanation = d.value))}
            />
          </Field>
          <MoveButtons
            index={qi}
            count={draft.questions.length}
            what={`question ${qi + 1}`}
            onMove={(to) => edit((x) => move(x.questions, qi, to))}
            onRemove={() => edit((x) => void x.questions.splice(qi, 1))}
          />
        </fieldset>
      ))}
      <Button
        onClick={() =>
          edit(
            (x) =>
              void x.questions.push({
                id: freshId(
                  'question',
                  x.questions.map((y) => y.id),
                ),
                kind: 'single',
                prompt: 'New question',
                choices: [
                  { id: 'a', text: 'The right answer', correct: true },
                  { id: 'b', text: 'A wrong answer', correct: false },
                ],
                explanation: 'Why the right answer is right.',
              }),
          )
        }
      >
        Add a question
      </Button>
    </>
  );
}

function BlockFields({ block, onChange }: { block: Block; onChange: (b: Block) => void }) {
  switch (block.type) {
    case 'text':
      return (
        <Field label="Text" hint="A blank line starts a new paragraph; lines starting with “- ” make a list.">
          <Textarea
            value={block.text}
            rows={6}
            resize="vertical"
            onChange={(_e, d) => onChange({ ...block, text: d.value })}
          />
        </Field>
      );
    case 'image':
      return (
        <>
          <Field label="Image address (https)">
            <Input value={block.url} onChange={(_e, d) => onChange({ ...block, url: d.value })} />
          </Field>
          <Field label="Text alternative" hint="What the image shows, for people who cannot see it.">
            <Input value={block.alt} onChange={(_e, d) => onChange({ ...block, alt: d.value })} />
          </Field>
        </>
      );
    case 'video':
    case 'file':
      return (
        <>
          <Field
            label={
              block.type === 'video'
                ? 'Video address (https; YouTube and Vimeo are embedded)'
                : 'File address (https)'
            }
          >
            <Input value={block.url} onChange={(_e, d) => onChange({ ...block, url: d.value })} />
          </Field>
          <Field label="Title">
            <Input value={block.title} onChange={(_e, d) => onChange({ ...block, title: d.value })} />
          </Field>
        </>
      );
  }
}
