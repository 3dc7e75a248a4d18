// Bundles the page (src/page) into one app.js with esbuild, beside its index.html and style.css,
// into the folder the relay serves from the class path: target/classes/parley-web.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const out = process.argv[2] ?? 'target/classes/parley-web';
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['src/page/app.js'],
  bundle: true,
  format: 'esm',
  target: ['chrome120', 'firefox120', 'safari17'],
  minify: true,
  sourcemap: false,
  outfile: `${out}/app.js`,
  logLevel: 'warning',
});
for (const f of ['index.html', 'style.css']) {
  copyFileSync(`src/page/${f}`, `${out}/${f}`);
}
console.log(`page built into ${out}`);
