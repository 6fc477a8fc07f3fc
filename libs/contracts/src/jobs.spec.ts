import { COMPLETION_JOB_VERSION } from './completion-job';
import { JobName } from './job-names';
import { isJobName, jobNamesOf, jobs, parseJob } from './jobs';
import { QueueName } from './queues';
import { USAGE_BATCH_VERSION, USAGE_EVENT_VERSION } from './usage-event';

const chatJob = {
  v: COMPLETION_JOB_VERSION,
  requestId: 'gen-1',
  replyTo: 'alltokens:reply:gw-1',
  trace: {},
  caller: { keyId: 'k', orgId: 'o' },
  receivedAt: 1,
  deadlineAt: 2,
  kind: JobName.Chat,
  request: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
};

describe('job registry', () => {
  it('places every job on its queue', () => {
    expect(jobNamesOf(QueueName.Completions)).toEqual([JobName.Chat, JobName.Embeddings]);
    expect(jobNamesOf(QueueName.Usage)).toEqual([JobName.UsageBatch, JobName.UsageEvent]);
    expect(Object.keys(jobs).sort()).toEqual(Object.values(JobName).sort());
  });

  it('is frozen, names and entries alike', () => {
    expect(Object.isFrozen(JobName)).toBe(true);
    expect(Object.isFrozen(jobs)).toBe(true);
    expect(Object.values(jobs).every((spec) => Object.isFrozen(spec))).toBe(true);
  });

  it('knows its job names', () => {
    expect(isJobName(JobName.UsageBatch)).toBe(true);
    expect(isJobName('usage')).toBe(true);
    expect(isJobName('usage-event')).toBe(false);
    expect(isJobName('toString')).toBe(false);
  });

  it('validates a consumed payload and applies its defaults', () => {
    const parsed = parseJob(JobName.Chat, chatJob);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.payload.policies).toEqual([]);
    expect(parsed.payload.credentials).toEqual({});
  });

  it('names the field that is wrong', () => {
    expect(parseJob(JobName.Chat, { ...chatJob, requestId: '' })).toEqual({ ok: false, reason: expect.stringContaining('requestId:') });
    expect(parseJob(JobName.Chat, { ...chatJob, kind: JobName.Embeddings })).toEqual({ ok: false, reason: expect.stringContaining('kind:') });
  });

  it('says so when a payload has a version this service does not read', () => {
    expect(parseJob(JobName.Chat, { ...chatJob, v: 2 })).toEqual({ ok: false, reason: `payload version 2; this service reads version ${COMPLETION_JOB_VERSION}` });
    expect(parseJob(JobName.UsageBatch, null)).toEqual({ ok: false, reason: `payload version undefined; this service reads version ${USAGE_BATCH_VERSION}` });
  });

  it('checks a usage batch envelope only: each event is validated on its own by the consumer', () => {
    const parsed = parseJob(JobName.UsageBatch, { v: USAGE_BATCH_VERSION, events: [{ v: USAGE_EVENT_VERSION, requestId: 'half an event' }] });
    expect(parsed.ok).toBe(true);
    expect(parseJob(JobName.UsageBatch, { v: USAGE_BATCH_VERSION, events: [] }).ok).toBe(false);
    expect(parseJob(JobName.UsageBatch, { v: USAGE_BATCH_VERSION, events: ['not an object'] }).ok).toBe(false);
  });
});
