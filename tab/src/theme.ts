/**
 * The Fluent theme: Teams' own (light, dark, high contrast) in Teams, following its theme changes; in a
 * browser the web theme matching the system's light or dark preference.
 */
import {
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  webDarkTheme,
  webLightTheme,
  type Theme,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { onTeamsThemeChange, type HostTheme, type TeamsHost } from './teams';

function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const mql = window.matchMedia?.(query);
    if (!mql) return;
    const onChange = () => setMatches(mql.matches);
    mql.addEventListener('change', onChange);
    return () => mql.removeEventListener('change', onChange);
  }, [query]);
  return matches;
}

/** `host` undefined while Teams is being detected, null in a plain browser. */
export function useTheme(host: TeamsHost | null | undefined): { theme: Theme; dark: boolean } {
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)');
  const [teamsTheme, setTeamsTheme] = useState<HostTheme | null>(null);
  useEffect(() => {
    if (!host) return;
    setTeamsTheme(host.theme);
    onTeamsThemeChange(setTeamsTheme);
  }, [host]);
  if (host && teamsTheme) {
    if (teamsTheme === 'dark') return { theme: teamsDarkTheme, dark: true };
    if (teamsTheme === 'contrast') return { theme: teamsHighContrastTheme, dark: true };
    return { theme: teamsLightTheme, dark: false };
  }
  return prefersDark ? { theme: webDarkTheme, dark: true } : { theme: webLightTheme, dark: false };
}
