// Sandboxed preloads cannot load ES modules or sibling files, so the preload and the pure
// modules it uses are bundled into one CommonJS file: dist/preload/preload.cjs.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist/preload', import.meta.url)),
    emptyOutDir: false,
    minify: false,
    sourcemap: true,
    target: 'node20',
    lib: {
      entry: fileURLToPath(new URL('./src/preload/preload.ts', import.meta.url)),
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rollupOptions: { external: ['electron'] },
  },
});
