import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Writes a Brotli and a gzip copy next to every script and style sheet, which the server
 * sends to browsers that accept them (@fastify/static `preCompressed`): an edge site's
 * link loads the first page in a third of the bytes, and the server compresses nothing
 * per request.
 */
function precompress(): Plugin {
  return {
    name: 'berth-precompress',
    apply: 'build',
    // After the files are written, from the files: earlier (generateBundle) a chunk's
    // code still held Vite's __VITE_PRELOAD__ placeholder, and the compressed copies that
    // browsers were sent broke every lazily loaded page.
    writeBundle(options, bundle) {
      const dir = options.dir ?? src('dist');
      for (const file of Object.values(bundle)) {
        if (!/\.(js|css)$/.test(file.fileName)) continue;
        const path = join(dir, file.fileName);
        const source = readFileSync(path);
        if (source.length < 1024) continue;
        writeFileSync(
          `${path}.br`,
          brotliCompressSync(source, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 10,
              [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
            },
          }),
        );
        writeFileSync(`${path}.gz`, gzipSync(source, { level: 9 }));
      }
    },
  };
}

// The console is built to static files that the control plane serves at `/`. In
// development (`npm run dev -w @berth/console`) Vite proxies the API to a running server.
export default defineConfig({
  plugins: [react(), precompress()],
  resolve: {
    alias: {
      '@berth/spec': src('../../packages/spec/src/index.ts'),
      '@berth/client': src('../../packages/client/src/index.ts'),
    },
  },
  server: {
    proxy: { '/api': process.env.BERTH_SERVER ?? 'http://127.0.0.1:7700' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Every area is a lazily loaded chunk (routes.tsx), so the first page loads React,
    // the router, antd's core and the shell; the canvas (React Flow, elkjs) and the YAML
    // editor load with the pages that use them. (Rollup-style manual chunks dragged the
    // dependencies of React Flow and CodeMirror along, and the shell preloaded both.)
    // elkjs alone is 1.6 MB (its layered layout compiled from Java), loaded with the canvas.
    chunkSizeWarningLimit: 1700,
    rolldownOptions: {
      output: {
        // React and the router change less often than the console: their own chunk stays
        // cached across releases. Only what the pattern names goes in (unlike Rollup's
        // manual chunks, a group does not take its modules' dependencies along).
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
            },
          ],
        },
      },
    },
  },
});
