/**
 * Template + values → manifest object. Pure: no files, no environment.
 *
 * Placeholders `{{NAME}}` may appear anywhere inside a string of the template; a string that is exactly
 * `{{COMMANDS}}` becomes the bot's command list, generated from bot/commands.ts. An unknown placeholder
 * is an error, so a typo in the template cannot reach a package.
 */
import { COMMANDS, COMMAND_DESCRIPTIONS } from '../bot/commands';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Fixed ids for a local build; recognisably placeholders (all zeros but the last digit). */
export const DEMO_APP_ID = '00000000-0000-4000-8000-000000000001';
export const DEMO_BOT_ID = '00000000-0000-4000-8000-000000000002';

export interface ManifestValues {
  /** The Teams app id (a GUID). */
  appId: string;
  /** The bot's Microsoft App ID. */
  botId: string;
  /**
   * The Entra app behind tab SSO and Graph activity feed notifications (webApplicationInfo.id) and its
   * Application ID URI (webApplicationInfo.resource). Default: the bot's app and `api://HOST/<id>`.
   */
  sso?: { appId: string; resource?: string };
  /** Public base URL of the app; tab URLs and developer pages hang below it. */
  publicUrl: string;
  /** The app package version, MAJOR.MINOR.PATCH. */
  version: string;
}

export interface BotCommand {
  title: string;
  description: string;
}

/** The bot's commands as Teams lists them, in the order bot/commands.ts declares them. */
export function botCommandList(): BotCommand[] {
  return Object.values(COMMANDS).map((title) => ({ title, description: COMMAND_DESCRIPTIONS[title] }));
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function buildManifest(template: JsonObject, values: ManifestValues): JsonObject {
  const publicUrl = values.publicUrl.replace(/\/+$/, '');
  const strings: Record<string, string> = {
    APP_ID: values.appId,
    BOT_ID: values.botId,
    SSO_APP_ID: values.sso?.appId ?? values.botId,
    SSO_RESOURCE:
      values.sso?.resource ?? `api://${new URL(publicUrl).host}/${values.sso?.appId ?? values.botId}`,
    PUBLIC_URL: publicUrl,
    PUBLIC_HOST: new URL(publicUrl).host,
    VERSION: values.version,
  };
  const commands: Json = botCommandList().map((c) => ({ title: c.title, description: c.description }));

  const fill = (value: Json, at: string): Json => {
    if (Array.isArray(value)) return value.map((v, i) => fill(v, `${at}[${i}]`));
    if (isJsonObject(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, at ? `${at}.${k}` : k)]));
    if (typeof value !== 'string') return value;
    if (value === '{{COMMANDS}}') return commands;
    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      const replacement = strings[name];
      if (replacement === undefined)
        throw new Error(`manifest template: unknown placeholder {{${name}}} at ${at}`);
      return replacement;
    });
  };
  const manifest = fill(template, '');
  if (!isJsonObject(manifest)) throw new Error('manifest template: not a JSON object');
  return manifest;
}
