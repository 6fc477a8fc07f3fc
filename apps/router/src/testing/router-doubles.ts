import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { COMPLETION_JOB_VERSION, decodeReply, JobName, parseJob, ReplyKind, type ChatCompletionRequest, type CompletionJob, type JobInput, type ReplyMessage, type UsageEventInput } from '@alltokens/contracts';
import { createAdapterRegistry } from '@alltokens/providers';
import type { EndpointHealth } from '@alltokens/routing';
import { CandidateResolver, type Candidate } from '../pipeline/candidate-resolver';
import type { RequestOutcome } from '../pipeline/request-outcome';
import type { ReplySink } from '../reply/reply-publisher';
import type { ScriptedUpstream } from './scripted-upstream';

export const MODEL = 'openai/gpt-4o-mini';

export interface ProviderSpec {
  id: string;
  /** USD per million prompt tokens: with cheapest-first balancing, the cheaper provider is tried first. */
  price: number;
  firstByteTimeoutMs?: number;
  streamIdleTimeoutMs?: number;
  /** Provider `options` (e.g. `continuation: prefill`). */
  options?: Record<string, string>;
}

/** A catalog whose providers all serve `MODEL` from the scripted upstream, with the real adapter registry. */
export function scriptedCatalog(upstream: ScriptedUpstream, providers: ProviderSpec[]): Catalog {
  return new Catalog(
    catalogConfigSchema.parse({
      providers: providers.map(({ id, price, firstByteTimeoutMs, streamIdleTimeoutMs, options }) => ({
        id,
        base_url: upstream.baseUrl(id),
        first_byte_timeout_ms: firstByteTimeoutMs ?? 2000,
        stream_idle_timeout_ms: streamIdleTimeoutMs ?? 2000,
        options: options ?? {},
        timeout_ms: 2000,
        models: [{ model: MODEL, pricing: { prompt: price, completion: price * 2 } }],
      })),
    }),
  );
}

/** Health as the router sees it between refreshes; empty means "nothing known", every breaker closed. */
export class FixedHealth {
  constructor(private readonly health: ReadonlyMap<string, EndpointHealth> = new Map()) {}

  current(): ReadonlyMap<string, EndpointHealth> {
    return this.health;
  }
}

export const resolverFor = (catalog: Catalog, health = new FixedHealth()) => new CandidateResolver(catalog, createAdapterRegistry(), health, 'cheapest-first');

/** The candidates for `MODEL`, in the order the planner ranks them. */
export const candidatesFor = (catalog: Catalog): Candidate[] => resolverFor(catalog).resolve(chatRequest()).candidates;

export const chatRequest = (overrides: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({ model: MODEL, messages: [{ role: 'user', content: 'hello' }], ...overrides });

let sequence = 0;

/** A chat job as the router receives it, validated like the worker does (defaults applied). */
export function chatJob(request: ChatCompletionRequest = chatRequest(), overrides: Partial<JobInput<typeof JobName.Chat>> = {}): CompletionJob {
  const parsed = parseJob(JobName.Chat, {
    v: COMPLETION_JOB_VERSION,
    requestId: `gen-unit-${++sequence}`,
    replyTo: 'test:reply:gw-1',
    trace: {},
    caller: { keyId: 'key-1', orgId: 'org-1' },
    receivedAt: Date.now(),
    deadlineAt: Date.now() + 10_000,
    kind: JobName.Chat,
    request,
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.payload;
}

/** Keeps every reply message, decoded, as the gateway would receive it. */
export class RecordingPublisher implements ReplySink {
  readonly messages: Array<{ channel: string; message: ReplyMessage }> = [];

  publish(channel: string, message: ReplyMessage): void {
    this.messages.push({ channel, message });
  }

  publishRaw(channel: string, raw: string): void {
    this.messages.push({ channel, message: decodeReply(raw) });
  }

  kinds(): string[] {
    return this.messages.map(({ message }) => message.kind);
  }

  /** The JSON of every chunk message, parsed. */
  chunks(): Array<Record<string, unknown>> {
    return this.messages.flatMap(({ message }) => (message.kind === ReplyKind.Chunk ? [JSON.parse(message.data) as Record<string, unknown>] : []));
  }
}

export class RecordingUsage {
  readonly events: UsageEventInput[] = [];

  async emit(event: UsageEventInput): Promise<void> {
    this.events.push(event);
  }
}

export class RecordingReporter {
  readonly failures: Array<{ endpointId: string; timeout: boolean }> = [];
  readonly brokenStreams: Array<{ endpointId: string; timeout: boolean }> = [];
  readonly reports: Array<{ requestId: string; outcome: RequestOutcome }> = [];

  failure(endpointId: string, timeout: boolean): void {
    this.failures.push({ endpointId, timeout });
  }

  broken(endpointId: string, timeout: boolean): void {
    this.brokenStreams.push({ endpointId, timeout });
  }

  report(job: CompletionJob, _plan: unknown, outcome: RequestOutcome): void {
    this.reports.push({ requestId: job.requestId, outcome });
  }
}
