// The code a user copies from README.md and docs/*.md must compile against the real API: every
// ```ts and ```tsx block, and the <script lang="ts"> of every ```vue and ```svelte block, is
// type-checked with the TypeScript compiler against src/ (the package's entries mapped to their
// sources). A block that is only a fragment opts out with `<!-- unchecked: why -->` on the line
// before its fence. Frameworks that are not installed here get minimal ambient shims below, so
// what is checked is the use of csat-widget, not their APIs.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Inside the repository, so `react`, `pg` and their types resolve from its node_modules.
const OUT = join(ROOT, 'node_modules', '.cache', 'readme-snippets');

interface Snippet {
  /** Where it comes from, for the failure message: `README.md:42`. */
  where: string;
  file: string;
  code: string;
}

const FENCE = /^```(\w*)[^\n]*\n([\s\S]*?)^```\s*$/gm;
const SCRIPT_TS = /<script\b[^>]*\blang="ts"[^>]*>([\s\S]*?)<\/script>/;

/** The checkable code blocks of one Markdown file. */
export function snippetsOf(markdown: string, source: string): Snippet[] {
  const found: Snippet[] = [];
  for (const match of markdown.matchAll(FENCE)) {
    const [, lang, body] = match as unknown as [string, string, string];
    const before = markdown.slice(0, match.index).trimEnd();
    if (/<!--\s*unchecked\b[^>]*-->$/.test(before)) continue;
    const line = markdown.slice(0, match.index).split('\n').length;
    let code: string | undefined;
    let ext = 'ts';
    if (lang === 'ts' || lang === 'tsx') {
      code = body;
      ext = lang;
    } else if (lang === 'vue' || lang === 'svelte') {
      code = SCRIPT_TS.exec(body)?.[1];
    }
    if (code === undefined) continue;
    const name = `${source.replace(/[^\w]+/g, '-')}-${line}.${ext}`;
    found.push({ where: `${source}:${line}`, file: join(OUT, name), code });
  }
  return found;
}

/** Ambient stand-ins for what a snippet uses but this repository does not install. */
const SHIMS = `
declare module 'vue' {
  export function onMounted(hook: () => void): void;
  export function onUnmounted(hook: () => void): void;
}
declare module 'svelte' {
  export function onMount(hook: () => void | (() => void)): void;
}
declare module 'express' {
  interface App {
    all(path: string, handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void): void;
    listen(port: number): void;
  }
  export default function express(): App;
}
/** Vue's <script setup> compiler macro. */
declare function defineProps<T>(): T;
declare const Deno: { serve(handler: (request: Request) => Response | Promise<Response>): unknown };
declare const Bun: { serve(options: { port?: number; fetch(request: Request): Response | Promise<Response> }): unknown };
`;

const src = (file: string) => [join(ROOT, 'src', file)];
const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  jsx: ts.JsxEmit.ReactJSX,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: ['node'],
  typeRoots: [join(ROOT, 'node_modules', '@types')],
  paths: {
    'csat-widget': src('index.ts'),
    'csat-widget/server': src('server/index.ts'),
    'csat-widget/stats': src('stats.ts'),
    'csat-widget/schema': src('schema-entry.ts'),
    'csat-widget/lazy': src('lazy.ts'),
  },
};

function documents(): { source: string; text: string }[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs].map((source) => ({ source, text: readFileSync(join(ROOT, source), 'utf8') }));
}

/** Type-checks the snippets in one program; returns the problems per snippet (`where` → messages). */
function check(snippets: Snippet[]): Map<string, string[]> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const shims = join(OUT, 'shims.d.ts');
  writeFileSync(shims, SHIMS);
  for (const s of snippets) writeFileSync(s.file, s.code);
  const program = ts.createProgram([shims, ...snippets.map((s) => s.file)], OPTIONS);
  const problems = new Map<string, string[]>();
  for (const s of snippets) {
    const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(s.file));
    problems.set(
      s.where,
      diagnostics.map((d) => {
        const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
        return `line ${at}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      }),
    );
  }
  return problems;
}

describe('README and docs code blocks', () => {
  const snippets = documents().flatMap(({ source, text }) => snippetsOf(text, source));
  // A broken copy of the first README snippet, checked in the same program: proof that a
  // misspelled option is caught, so the test cannot pass by checking nothing.
  const first = snippets.find((s) => s.where.startsWith('README.md'));
  const broken: Snippet = {
    where: 'broken copy',
    file: join(OUT, 'broken-copy.ts'),
    code: (first?.code ?? '').replace("scale: 'stars'", "scle: 'stars'"),
  };
  const problems = check([...snippets, broken]);

  it('finds the README quick starts and recipes, including the Vue and Svelte scripts', () => {
    const inReadme = snippets.filter((s) => s.where.startsWith('README.md'));
    expect(inReadme.length).toBeGreaterThanOrEqual(10);
    expect(inReadme.some((s) => s.code.includes("from 'vue'"))).toBe(true);
    expect(inReadme.some((s) => s.code.includes("from 'svelte'"))).toBe(true);
    expect(inReadme.some((s) => /export const OPTIONS\b/.test(s.code))).toBe(true);
  });

  it('type-check against the source, with no errors', () => {
    const failing = Object.fromEntries([...problems].filter(([where, list]) => where !== 'broken copy' && list.length));
    expect(failing).toEqual({});
  });

  it('a misspelled option in a snippet is reported', () => {
    expect(broken.code).toContain('scle:');
    expect(problems.get('broken copy')?.join('\n')).toMatch(/scle/);
  });
});
