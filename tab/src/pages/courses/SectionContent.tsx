/** A course section as learners read it: paragraphs and lists, images with their text alternative, links. */
import { Link, makeStyles, tokens } from '@fluentui/react-components';
import type { Block, Section } from './types';

const useStyles = makeStyles({
  image: { maxWidth: '100%', height: 'auto' },
  caption: { color: tokens.colorNeutralForeground2 },
  text: { lineHeight: tokens.lineHeightBase400, maxWidth: '70ch' },
});

function TextBlock({ text }: { text: string }) {
  const s = useStyles();
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <>
      {paragraphs.map((p, i) => {
        const lines = p.split('\n');
        const items = lines.filter((l) => l.startsWith('- '));
        const intro = lines.filter((l) => !l.startsWith('- ')).join(' ');
        return (
          <div key={i} className={s.text}>
            {intro && <p>{intro}</p>}
            {items.length > 0 && (
              <ul>
                {items.map((item, j) => (
                  <li key={j}>{item.slice(2)}</li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </>
  );
}

function BlockView({ block }: { block: Block }) {
  const s = useStyles();
  switch (block.type) {
    case 'text':
      return <TextBlock text={block.text} />;
    case 'image':
      return (
        <figure>
          <img className={s.image} src={block.url} alt={block.alt} />
          {block.caption && <figcaption className={s.caption}>{block.caption}</figcaption>}
        </figure>
      );
    case 'video':
      return (
        <p>
          <Link href={block.url} target="_blank" rel="noopener noreferrer">
            Watch: {block.title} (opens in a new window)
          </Link>
        </p>
      );
    case 'file':
      return (
        <p>
          <Link href={block.url} target="_blank" rel="noopener noreferrer">
            Download: {block.title} (opens in a new window)
          </Link>
        </p>
      );
  }
}

export function SectionContent({ section }: { section: Section }) {
  return (
    <>
      {section.blocks.map((b, i) => (
        <BlockView key={i} block={b} />
      ))}
    </>
  );
}
