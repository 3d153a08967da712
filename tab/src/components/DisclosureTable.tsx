/** A table of disclosures; each row opens the disclosure (`#/<page>/<id>`). */
import {
  Link,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
  typographyStyles,
} from '@fluentui/react-components';
import { formatDate, formatDateTime, formatMoney } from '../format';
import { TYPE_LABELS, categoryLabel } from '../labels';
import { href, type PageKey } from '../route';
import type { DisclosureSummary } from '../types';
import { OutcomeBadge, StateBadge } from './ui';

export type Column =
  'employee' | 'unit' | 'type' | 'category' | 'value' | 'outcome' | 'state' | 'created' | 'updated';

const HEADINGS: Record<Column, string> = {
  employee: 'Employee',
  unit: 'Unit',
  type: 'Type',
  category: 'Category',
  value: 'Value',
  outcome: 'Policy',
  state: 'Status',
  created: 'Disclosed',
  updated: 'Last change',
};

const useStyles = makeStyles({
  wrap: {
    overflowX: 'auto',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
  table: { minWidth: '640px' },
  reference: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, display: 'block' },
  what: { paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS },
  nowrap: { whiteSpace: 'nowrap' },
  right: { textAlign: 'right', whiteSpace: 'nowrap' },
  rightHead: { '& .fui-TableHeaderCell__button': { justifyContent: 'flex-end' } },
});

export function DisclosureTable({
  items,
  columns,
  page,
  label,
}: {
  items: DisclosureSummary[];
  columns: Column[];
  page: PageKey;
  /** The table's accessible name. */
  label: string;
}) {
  const s = useStyles();
  return (
    <div className={s.wrap}>
      <Table className={s.table} aria-label={label} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Disclosure</TableHeaderCell>
            {columns.map((c) => (
              <TableHeaderCell key={c} scope="col" className={c === 'value' ? s.rightHead : undefined}>
                {HEADINGS[c]}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((d) => (
            <TableRow key={d.id}>
              <TableCell className={s.what}>
                <Link href={href(page, d.id)}>{d.summary || d.reference}</Link>
                <span className={s.reference}>{d.reference}</span>
              </TableCell>
              {columns.map((c) => (
                <TableCell
                  key={c}
                  className={
                    c === 'value'
                      ? s.right
                      : c === 'state' || c === 'outcome' || c === 'created'
                        ? s.nowrap
                        : undefined
                  }
                >
                  {cell(d, c)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function cell(d: DisclosureSummary, c: Column) {
  switch (c) {
    case 'employee':
      return d.employee.displayName;
    case 'unit':
      return d.employee.department ?? '—';
    case 'type':
      return TYPE_LABELS[d.type] ?? d.type;
    case 'category':
      return categoryLabel(d.category);
    case 'value':
      return formatMoney(d.valueCents);
    case 'outcome':
      return <OutcomeBadge outcome={d.outcome} />;
    case 'state':
      return <StateBadge state={d.state} />;
    case 'created':
      return formatDate(d.createdAt);
    case 'updated':
      return formatDateTime(d.updatedAt);
  }
}
