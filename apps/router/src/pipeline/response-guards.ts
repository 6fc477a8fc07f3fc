import type { GuardrailSpec, RouterJob } from '@alltokens/contracts';
import { FindingTally, ResponseGuard } from '@alltokens/guardrails';

const MAX_CACHED = 500;
const compiled = new Map<string, ResponseGuard>();

/** The job's response deny-lists, compiled once per distinct set (the same guardrails serve many requests). */
export function responseGuardOf(job: RouterJob): ResponseGuard | null {
  const specs: GuardrailSpec[] = job.guardrails.response;
  if (!specs.length) return null;
  const id = JSON.stringify(specs);
  let guard = compiled.get(id);
  if (!guard) {
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(id, (guard = ResponseGuard.compile(specs)));
  }
  return guard.empty ? null : guard;
}

/** Starts the request's tally with what the gateway's prompt rules found. */
export function tallyOf(job: RouterJob): FindingTally {
  const tally = new FindingTally();
  for (const finding of job.guardrails.findings) tally.add(finding.guardrailId, finding.rule, finding.stage, finding.action, finding.count);
  return tally;
}
