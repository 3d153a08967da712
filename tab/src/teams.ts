/**
 * Microsoft Teams, when the tab runs inside it: detection, the theme, SSO tokens, the configuration page.
 *
 * The Teams SDK is loaded only when the page is framed (or in a Teams mobile web view): importing it
 * starts a fetch of Microsoft's list of valid host origins from a CDN, which a plain browser has no use
 * for (and which the tab's CSP, `connect-src 'self'`, refuses; the SDK then uses its built-in list).
 */
type TeamsJs = typeof import('@microsoft/teams-js');

export type HostTheme = 'default' | 'dark' | 'contrast';

export interface TeamsHost {
  theme: HostTheme;
  locale: string | null;
  /** Where the tab is: a personal tab, a channel, the configuration page… */
  frameContext: string | null;
}

const INITIALIZE_TIMEOUT_MS = 2000;

let sdk: TeamsJs | null = null;
let hostPromise: Promise<TeamsHost | null> | null = null;

function teamsSdk(): TeamsJs {
  if (!sdk) throw new Error('Not running in Microsoft Teams');
  return sdk;
}

/**
 * Starts the Teams SDK once. Resolves with the host's context in Teams, or null in a plain browser
 * (a top-level window with no native Teams bridge) or when Teams does not answer within 2 s.
 */
export function detectTeams(): Promise<TeamsHost | null> {
  hostPromise ??= (async () => {
    const w = window as Window & { nativeInterface?: unknown };
    const framed = window.parent !== window || Boolean(window.opener) || Boolean(w.nativeInterface);
    if (!framed) return null;
    try {
      const teams = await import('@microsoft/teams-js');
      await withTimeout(teams.app.initialize(), INITIALIZE_TIMEOUT_MS);
      const context = await withTimeout(teams.app.getContext(), INITIALIZE_TIMEOUT_MS);
      sdk = teams;
      teams.app.notifySuccess();
      return {
        theme: asTheme(context.app.theme),
        locale: context.app.locale ?? null,
        frameContext: context.page?.frameContext ?? null,
      };
    } catch {
      return null;
    }
  })();
  return hostPromise;
}

export function onTeamsThemeChange(handler: (theme: HostTheme) => void): void {
  teamsSdk().app.registerOnThemeChangeHandler((theme) => handler(asTheme(theme)));
}

/** A Teams SSO token for the tab's own API (audience: the app registration behind the tab). */
export function teamsToken(): Promise<string> {
  return teamsSdk().authentication.getAuthToken();
}

export interface TabConfig {
  entityId: string;
  suggestedDisplayName: string;
  contentUrl: string;
  websiteUrl: string;
}

/**
 * On the configuration page: lets Teams' Save button save `config`, and enables it. `onError` gets the
 * reason when Teams refuses the configuration.
 */
export function offerTabConfig(config: TabConfig, onError: (message: string) => void): void {
  const { pages } = teamsSdk();
  pages.config.registerOnSaveHandler((save) => {
    pages.config.setConfig(config).then(
      () => save.notifySuccess(),
      (e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        onError(message);
        save.notifyFailure(message);
      },
    );
  });
  pages.config.setValidityState(true);
}

function asTheme(theme: string | undefined): HostTheme {
  return theme === 'dark' || theme === 'contrast' ? theme : 'default';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = window.setTimeout(() => reject(new Error('Microsoft Teams did not answer')), ms);
    promise.then(
      (v) => {
        window.clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        window.clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
