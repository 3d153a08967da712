/** The frame of every page: the banner, the navigation (only the pages the person may use) and main. */
import { Button, Link, Tab, TabList, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { EmptyState, PageHeading } from './components/ui';
import { ApprovalsPage } from './pages/Approvals';
import { CampaignsPage } from './pages/Campaigns';
import { AuthoringPage } from './pages/courses/Authoring';
import { CourseEditorPage } from './pages/courses/CourseEditor';
import { CoursesPage } from './pages/courses/Courses';
import { TakeCoursePage } from './pages/courses/TakeCourse';
import { DisclosurePage } from './pages/Disclosure';
import { EventsPage } from './pages/Events';
import { EventDetailPage } from './pages/EventDetail';
import { HrPage } from './pages/Hr';
import { MyDisclosuresPage } from './pages/MyDisclosures';
import { RegisterPage } from './pages/Register';
import { navigate, useRoute, type PageKey, type Route } from './route';
import { hasRole, useSession, useSignedIn } from './session-context';
import type { Me } from './types';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    flexWrap: 'wrap',
  },
  brand: { ...typographyStyles.subtitle2, color: tokens.colorNeutralForeground1, margin: 0 },
  who: {
    marginLeft: 'auto',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground2,
  },
  nav: {
    backgroundColor: tokens.colorNeutralBackground1,
    padding: `0 ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  main: {
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXL}`,
    maxWidth: '1200px',
    boxSizing: 'border-box',
  },
});

interface NavPage {
  key: PageKey;
  label: string;
  allowed(me: Me): boolean;
}

/** The pages in the navigation. */
export const NAV_PAGES: NavPage[] = [
  { key: 'mine', label: 'My disclosures', allowed: () => true },
  { key: 'approvals', label: 'Approvals', allowed: () => true },
  { key: 'register', label: 'Register', allowed: (me) => hasRole(me, 'ethics_officer') },
  { key: 'hr', label: 'Copied to HR', allowed: (me) => hasRole(me, 'hr') },
  {
    key: 'campaigns',
    label: 'Campaigns',
    allowed: (me) => hasRole(me, 'ethics_officer') || hasRole(me, 'admin'),
  },
  { key: 'events', label: 'Events', allowed: () => true },
  { key: 'courses', label: 'Courses', allowed: () => true },
  {
    key: 'authoring',
    label: 'Course authoring',
    allowed: (me) => hasRole(me, 'outreach') || hasRole(me, 'ethics_officer'),
  },
];

function Banner() {
  const s = useStyles();
  const session = useSession();
  return (
    <header className={s.header}>
      <p className={s.brand}>Candor</p>
      {session && (
        <div className={s.who}>
          <span>
            Signed in as <strong>{session.me.displayName}</strong>
          </span>
          {session.signOut && (
            <Button size="small" appearance="subtle" onClick={session.signOut}>
              Switch person
            </Button>
          )}
        </div>
      )}
    </header>
  );
}

/** Banner and main without navigation: loading, sign-in and error pages. */
export function Frame({ children }: { children: ReactNode }) {
  const s = useStyles();
  return (
    <>
      <Banner />
      <main className={s.main}>{children}</main>
    </>
  );
}

export function Shell() {
  const s = useStyles();
  const { me } = useSignedIn();
  const route = useRoute();
  const pages = NAV_PAGES.filter((p) => p.allowed(me));
  const selected = pages.some((p) => p.key === route.page) ? route.page : undefined;
  return (
    <>
      <Banner />
      <nav className={s.nav} aria-label="Candor pages">
        <TabList
          selectedValue={selected ?? null}
          onTabSelect={(_e, data) => navigate(data.value as PageKey)}
          size="medium"
        >
          {pages.map((p) => (
            <Tab key={p.key} value={p.key}>
              {p.label}
            </Tab>
          ))}
        </TabList>
      </nav>
      <main className={s.main}>
        <Page key={`${route.page}/${route.id ?? ''}`} route={route} me={me} />
      </main>
    </>
  );
}

function Page({ route, me }: { route: Route; me: Me }) {
  const nav = NAV_PAGES.find((p) => p.key === route.page);
  if (nav && !nav.allowed(me)) return <NoAccess />;
  switch (route.page) {
    case 'mine':
      return route.id ? <DisclosurePage id={route.id} from="mine" /> : <MyDisclosuresPage />;
    case 'approvals':
      return route.id ? <DisclosurePage id={route.id} from="approvals" /> : <ApprovalsPage />;
    case 'register':
      return route.id ? <DisclosurePage id={route.id} from="register" /> : <RegisterPage />;
    case 'hr':
      return route.id ? <DisclosurePage id={route.id} from="hr" /> : <HrPage />;
    case 'campaigns':
      return <CampaignsPage />;
    case 'events':
      if (route.id === 'new') return <EventsPage creating />;
      return route.id ? <EventDetailPage id={route.id} /> : <EventsPage />;
    case 'courses':
      return route.id ? <TakeCoursePage id={route.id} /> : <CoursesPage />;
    case 'authoring':
      return route.id ? <CourseEditorPage id={route.id} /> : <AuthoringPage />;
    case 'configure':
    case 'unknown':
      return <NotFound />;
  }
}

function NoAccess() {
  return (
    <>
      <PageHeading>You do not have access to this page</PageHeading>
      <EmptyState title="This page is for another role.">
        The register is for the ethics officer and the HR page for Human Resources.{' '}
        <Link href="#/mine">Go to My disclosures</Link>.
      </EmptyState>
    </>
  );
}

function NotFound() {
  return (
    <>
      <PageHeading>Page not found</PageHeading>
      <EmptyState title="There is no such page in Candor.">
        <Link href="#/mine">Go to My disclosures</Link>.
      </EmptyState>
    </>
  );
}
