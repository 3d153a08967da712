/**
 * A horizontal bar chart drawn as SVG, with its numbers as a table for screen readers and anyone who
 * prefers figures: the SVG is an image named by the caption and described by a one-line summary, and
 * the same data sits in a table under "Show the numbers".
 */
import { makeStyles, tokens, typographyStyles, useId } from '@fluentui/react-components';

export interface Bar {
  key: string;
  label: string;
  value: number;
}

const useStyles = makeStyles({
  figure: {
    margin: 0,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow2,
    minWidth: 0,
  },
  caption: { ...typographyStyles.subtitle2, margin: `0 0 ${tokens.spacingVerticalS}` },
  svg: { display: 'block', width: '100%', overflow: 'visible' },
  label: {
    fill: tokens.colorNeutralForeground1,
    fontSize: tokens.fontSizeBase200,
    fontFamily: tokens.fontFamilyBase,
  },
  value: {
    fill: tokens.colorNeutralForeground1,
    fontSize: tokens.fontSizeBase200,
    fontFamily: tokens.fontFamilyBase,
    fontWeight: tokens.fontWeightSemibold,
  },
  bar: { fill: tokens.colorBrandBackground },
  track: { fill: tokens.colorNeutralBackground3 },
  empty: { color: tokens.colorNeutralForeground2, margin: 0 },
  details: { marginTop: tokens.spacingVerticalS },
  summary: {
    cursor: 'pointer',
    color: tokens.colorBrandForegroundLink,
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      borderRadius: tokens.borderRadiusSmall,
    },
  },
  table: { borderCollapse: 'collapse', marginTop: tokens.spacingVerticalS, width: '100%' },
  th: {
    textAlign: 'left',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
  },
  td: {
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  num: { textAlign: 'right' },
  rowHead: { fontWeight: tokens.fontWeightRegular, textAlign: 'left' },
});

/** One row: the label on its own line, then the bar with its value at the right end. */
const ROW = 40;
const LABEL_Y = 13;
const BAR_Y = 20;
const BAR_HEIGHT = 14;
/** The share of the width the longest bar takes; the rest keeps room for the value. */
const BAR_SPACE = 88;

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function BarChart({
  title,
  bars,
  unit = 'disclosures',
  emptyText = 'No disclosures in these dates.',
}: {
  title: string;
  bars: Bar[];
  unit?: string;
  emptyText?: string;
}) {
  const s = useStyles();
  const captionId = useId('chart-caption');
  const descId = useId('chart-desc');
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW;
  const summary = bars.map((b) => `${b.label}: ${b.value}`).join('; ');
  return (
    <figure className={s.figure} aria-labelledby={captionId}>
      <figcaption className={s.caption} id={captionId}>
        {title}
      </figcaption>
      {bars.length === 0 ? (
        <p className={s.empty}>{emptyText}</p>
      ) : (
        <>
          {/* Sized in CSS pixels (no viewBox), so the text keeps its size whatever the chart's width. */}
          <svg
            className={s.svg}
            height={height}
            role="img"
            aria-labelledby={captionId}
            aria-describedby={descId}
          >
            <desc id={descId}>{`${title}, ${unit}: ${summary}.`}</desc>
            {bars.map((b, i) => {
              const y = i * ROW;
              const w = b.value === 0 ? 0 : Math.max(0.5, (b.value / max) * BAR_SPACE);
              return (
                <g key={b.key}>
                  <title>{`${b.label}: ${b.value}`}</title>
                  <text className={s.label} x={0} y={y + LABEL_Y}>
                    {truncate(b.label, 60)}
                  </text>
                  <rect
                    className={s.track}
                    x={0}
                    y={y + BAR_Y}
                    width={`${BAR_SPACE}%`}
                    height={BAR_HEIGHT}
                    rx={3}
                  />
                  <rect className={s.bar} x={0} y={y + BAR_Y} width={`${w}%`} height={BAR_HEIGHT} rx={3} />
                  <text className={s.value} x="100%" y={y + BAR_Y + BAR_HEIGHT - 2} textAnchor="end">
                    {b.value}
                  </text>
                </g>
              );
            })}
          </svg>
          <details className={s.details}>
            <summary className={s.summary}>Show the numbers</summary>
            <table className={s.table}>
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th className={s.th} scope="col">
                    {title.replace(/^Disclosures by /i, '').replace(/^./, (c) => c.toUpperCase())}
                  </th>
                  <th className={`${s.th} ${s.num}`} scope="col">
                    {unit[0]!.toUpperCase() + unit.slice(1)}
                  </th>
                </tr>
              </thead>
              <tbody>
                {bars.map((b) => (
                  <tr key={b.key}>
                    <th className={`${s.td} ${s.rowHead}`} scope="row">
                      {b.label}
                    </th>
                    <td className={`${s.td} ${s.num}`}>{b.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}
