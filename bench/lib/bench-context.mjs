// What every scenario gets: the config, the figures, the stacks to compare, and a way to
// run code against a fresh server process (profiled when BENCH_PROFILE names its stack).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { STACKS } from '../stacks.mjs';
import { Figures } from './figures.mjs';
import { profilesIn, summarizeProfiles } from './profile-summary.mjs';
import { startServer } from './server-process.mjs';

const PROFILES = new URL('../profiles/', import.meta.url).pathname;

export class BenchContext {
  constructor(config) {
    this.config = config;
    this.figures = new Figures();
    this.redisKey = `rain-bench-${process.pid}`;
    // Profiles of an earlier run would be summed with this run's.
    if (config.profile.length) rmSync(PROFILES, { recursive: true, force: true });
  }

  /** The stacks of this run, in table order, optionally limited to some ids. */
  stacks(ids = Object.keys(STACKS)) {
    return ids.filter((id) => this.config.stacks.includes(id)).map((id) => STACKS[id]);
  }

  /** Round numbers 1..runs: every stack runs once per round, and ratios are taken within a round. */
  rounds() {
    return Array.from({ length: this.config.runs }, (_, i) => i + 1);
  }

  /** The stacks in the order of one round: reversed every other round, so that drift of the machine falls on both sides of a pair. */
  inRoundOrder(round, stacks) {
    return round % 2 === 1 ? stacks : [...stacks].reverse();
  }

  profileDir(stack, scenario) {
    if (!this.config.profile.includes(stack.id)) return undefined;
    const dir = `${PROFILES}${stack.id}/${scenario}`;
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Starts a server of `stack` with BENCH_* `env`, runs `fn(server)`, always stops it. */
  async withServer(stack, env, scenario, fn) {
    const server = await startServer(stack, {
      env: { BENCH_REDIS_URL: this.config.redisUrl, BENCH_REDIS_KEY: this.redisKey, ...env },
      profileDir: this.profileDir(stack, scenario),
    });
    try {
      return await fn(server);
    } finally {
      await server.stop();
    }
  }

  /** One section per profiled scenario, for RESULTS.md. */
  summarizeProfiles() {
    for (const stack of this.config.profile) {
      let scenarios = [];
      try {
        scenarios = readdirSync(`${PROFILES}${stack}`);
      } catch {}
      for (const scenario of scenarios) {
        const paths = profilesIn(`${PROFILES}${stack}/${scenario}`);
        if (!paths.length) continue;
        const title = `CPU profile: ${STACKS[stack]?.label ?? stack}, ${scenario} (measured windows only)`;
        this.figures.section(title, summarizeProfiles(paths));
      }
    }
  }

  log(text) {
    console.log(`  ${text}`);
  }

  warn(text) {
    console.warn(`  ! ${text}`);
    this.figures.note(text);
  }
}
