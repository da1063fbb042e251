import { defineConfig } from 'vite';

// Built into dist/, which Automation.Api copies into its output as console/ and serves at /.
// No inline script or style ends up in index.html: the API's Content-Security-Policy allows neither.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
