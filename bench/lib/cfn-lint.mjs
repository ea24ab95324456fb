// cfn-lint runs for the bench: one invocation over many files, wall time and peak RSS (GNU time),
// carrying on past a template that crashes cfn-lint (which would otherwise lose the whole run).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './build-core.mjs';
import { CORPUS } from './corpus.mjs';

const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const fmtMB = (kb) => `${((kb * 1024) / 1e6).toFixed(1)} MB`;

function tryRun(cmd, argv) {
  try {
    return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** `cfn-lint --version`, or null when it is not installed. */
export function cfnLintVersion() {
  return tryRun('cfn-lint', ['--version']);
}

/**
 * How to start cfn-lint: its own Python entry point wrapped by lib/cfn_lint_run.py (same code, but a
 * crash names the template it happened on), with the interpreter from the script's shebang. Falls
 * back to the `cfn-lint` command when that interpreter cannot be found.
 */
export function cfnLintCommand() {
  const script = tryRun('pyenv', ['which', 'cfn-lint']) ?? tryRun('which', ['cfn-lint']);
  const shebang =
    script && existsSync(script)
      ? (/^#!\s*(\S+)(?:\s+(\S+))?/.exec(readFileSync(script, 'utf8').split('\n')[0]) ?? [])
      : [];
  const python = shebang[1]?.endsWith('/env') ? shebang[2] : shebang[1];
  if (python && /python/.test(python))
    return { cmd: python, pre: [join(ROOT, 'bench', 'lib', 'cfn_lint_run.py')], tracked: true };
  return { cmd: 'cfn-lint', pre: [], tracked: false };
}

/**
 * Runs cfn-lint on the files, all in one invocation. cfn-lint prints nothing until every template is
 * done, and an uncaught exception on one template ends the run; when that happens the template is
 * recorded and a new invocation takes the files after it. Returns the summed wall time, the peak RSS
 * of the largest invocation, the exit status of the last one, and the crashes.
 */
export function runCfnLint(paths) {
  const runner = cfnLintCommand();
  const rssFile = join(tmpdir(), `ownless-bench-cfn-${process.pid}.txt`);
  const out = {
    ms: 0,
    status: null,
    peakKB: null,
    files: paths.length,
    invocations: 0,
    findings: 0,
    crashed: [],
    command: runner.tracked ? 'cfn-lint entry point via lib/cfn_lint_run.py' : 'cfn-lint',
  };
  let rest = paths;
  while (rest.length) {
    const argv = [...runner.pre, ...rest];
    const [cmd, full] = timeBin
      ? [timeBin, ['-f', '%M', '-o', rssFile, runner.cmd, ...argv]]
      : [runner.cmd, argv];
    const t0 = performance.now();
    const r = spawnSync(cmd, full, {
      maxBuffer: 1 << 30,
      encoding: 'utf8',
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    out.ms += performance.now() - t0;
    out.invocations++;
    if (r.error) throw r.error;
    out.status = r.status;
    if (timeBin && existsSync(rssFile)) {
      const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) || null;
      if (kb) out.peakKB = Math.max(out.peakKB ?? 0, kb);
      rmSync(rssFile, { force: true });
    }
    // Exit status: bit 2 = errors, 4 = warnings, 8 = informational; 1 = failure.
    out.findings += (r.stdout.match(/^[EWI]\d{4} /gm) ?? []).length;
    const crash = /^@@ownless-bench: cfn-lint crashed on (.+)$/m.exec(r.stderr);
    if (!crash) {
      if (r.status === 1 || /Traceback \(most recent call last\)/.test(r.stderr))
        out.crashed.push({
          file: '(unknown: the rest of the files were not linted)',
          error: lastLine(r.stderr),
        });
      break;
    }
    const errorLine =
      r.stderr
        .split('\n')
        .filter((l) => /^\w+(Error|Exception)\b/.test(l))
        .pop() ?? '';
    out.crashed.push({ file: crash[1], error: errorLine });
    const index = rest.indexOf(crash[1]);
    if (index < 0) break;
    rest = rest.slice(index + 1);
  }
  return out;
}

/** The notes cell for a cfn-lint run. */
export function cfnNote(r) {
  const parts = [
    r.invocations === 1
      ? 'one invocation, run once'
      : `${r.invocations} invocations (restarted after each crash), run once`,
    `${r.findings} findings${r.crashed.length ? ' (a crashed invocation prints none)' : ''}`,
    `exit ${r.status}`,
    `peak RSS ${r.peakKB ? fmtMB(r.peakKB) : '?'}`,
  ];
  for (const c of r.crashed)
    parts.push(
      `**crashed** on ${c.file.replace(`${CORPUS}/`, '')} (${c.error}); the files after it were linted by a new invocation`,
    );
  return parts.join('; ');
}

function lastLine(text) {
  return text.trim().split('\n').pop() ?? '';
}
