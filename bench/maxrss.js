// Loaded into secgate with `node --import`: on exit, writes the process's OWN
// peak resident set (getrusage RUSAGE_SELF, kB) to $SECGATE_BENCH_RSS_FILE.
// /usr/bin/time %M would report the largest waited-for child instead (Bandit).
import { writeFileSync } from 'node:fs';

const file = process.env.SECGATE_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
