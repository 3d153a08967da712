/**
 * Builds the tab to static files in tab/dist, served by the app at /tab/ (src/http/static-tab.ts).
 * The app's Content-Security-Policy is `script-src 'self'`: the output has no inline script and no eval
 * (the build fails if it does, see `noInlineScript`).
 */
import { defineConfig, type Plugin } from 'vite';

const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

/** Fails the build if index.html carries an inline script or the bundle calls eval / new Function. */
function noInlineScript(): Plugin {
  return {
    name: 'candor-no-inline-script',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const [name, output] of Object.entries(bundle)) {
        if (output.type === 'asset' && name.endsWith('.html')) {
          const html = String(output.source);
          const inline = html.match(/<script\b(?![^>]*\bsrc=)[^>]*>/gi);
          if (inline) this.error(`${name} has an inline script, which the CSP blocks: ${inline.join(' ')}`);
        }
        if (output.type === 'chunk' && /(?<![\w$.])(eval\(|new Function\()/.test(output.code)) {
          this.error(`${name} uses eval or new Function, which the CSP blocks`);
        }
      }
    },
  };
}

export default defineConfig({
  root,
  base: '/tab/',
  publicDir: 'public',
  // Vite 8 transforms TSX itself (Oxc): the automatic runtime imports react/jsx-runtime.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  plugins: [noInlineScript()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The module preload polyfill lives in the entry chunk, never inline; no need for it in Teams' browsers.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Libraries change less often than the tab: their chunks stay cached across releases. The Teams
        // SDK has its own chunk, loaded only inside Teams (see src/teams.ts).
        codeSplitting: {
          groups: [
            { name: 'teams-js', test: /node_modules[\\/]@microsoft[\\/]teams-js/, priority: 2 },
            { name: 'vendor', test: /node_modules/, priority: 1 },
          ],
        },
      },
      onwarn(warning, warn) {
        // Fluent's packages start with "use client" (for React Server Components): meaningless in a tab.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { host: '127.0.0.1', strictPort: true },
  preview: { host: '127.0.0.1' },
});
