import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError, JobName, USAGE_EVENT_VERSION, type ChatCompletionRequest, type EmbeddingsApiRequest, type GuardrailFinding, type GuardrailSpec } from '@alltokens/contracts';
import type { UsageEmitter } from '@alltokens/jobs';
import { FindingTally, guardChatRequest, guardEmbeddingsInput, GuardrailBlockedError } from '@alltokens/guardrails';
import type { StoredKey } from '../auth/api-key.repository';
import { requestAttribution, TAGS_HEADER, type Attribution } from '../attribution/tags';
import { KeyGuardrails } from '../guardrails/key-guardrails.service';
import { USAGE_EMITTER } from '../infra/tokens';

/** What the gateway decided about a request before dispatch; the dispatcher puts it in the job. */
export interface RequestGovernance {
  attribution: Attribution;
  /** What the prompt rules found (counts only). */
  findings: GuardrailFinding[];
  /** The deny-lists the router applies to the response. */
  response: GuardrailSpec[];
}

declare module 'express-serve-static-core' {
  interface Request {
    governance?: RequestGovernance;
  }
}

const isMessagesApi = (req: Request) => /\/messages$/.test(req.path);

/** One request on its way through the prompt rules. */
interface Pending {
  req: Request;
  key: StoredKey;
  attribution: Attribution;
  tally: FindingTally;
  model: string;
  streamed: boolean;
}

/** Tags and end user of a request, from its original body (each API names them its own way). */
function attributionOf(req: Request, key: StoredKey): Attribution {
  const body = (req.body ?? {}) as { user?: unknown; metadata?: { user_id?: unknown } & Record<string, unknown> };
  // Anthropic's `metadata` holds only `user_id`, the end user; OpenAI's is a map of tags.
  const messages = isMessagesApi(req);
  return requestAttribution({
    keyTags: key.tags,
    header: req.headers[TAGS_HEADER],
    metadata: messages ? undefined : body.metadata,
    user: messages ? body.metadata?.user_id : body.user,
  });
}

/**
 * Attribution and guardrails, applied once per request before anything else is spent on it: the
 * prompt rules mask what they find (so no provider, queue or log sees it) or block the request with
 * a 400 naming the rule; a blocked request is still recorded (its findings, no cost).
 */
@Injectable()
export class RequestGovernanceService {
  constructor(
    private readonly guardrails: KeyGuardrails,
    @Inject(USAGE_EMITTER) private readonly usage: UsageEmitter,
  ) {}

  async forChat(req: Request, key: StoredKey, request: ChatCompletionRequest, legacyPrompt?: string): Promise<{ request: ChatCompletionRequest; legacyPrompt?: string }> {
    const guardrails = await this.guardrails.forKey(key);
    const pending: Pending = { req, key, attribution: attributionOf(req, key), tally: new FindingTally(), model: request.model, streamed: request.stream === true };
    const guarded = this.guard(pending, () => guardChatRequest(guardrails.prompt, request, pending.tally, legacyPrompt));
    req.governance = { attribution: pending.attribution, findings: pending.tally.toArray(), response: guardrails.response };
    return guarded;
  }

  async forEmbeddings(req: Request, key: StoredKey, request: EmbeddingsApiRequest): Promise<EmbeddingsApiRequest> {
    const guardrails = await this.guardrails.forKey(key);
    const pending: Pending = { req, key, attribution: attributionOf(req, key), tally: new FindingTally(), model: request.model, streamed: false };
    const input = this.guard(pending, () => guardEmbeddingsInput(guardrails.prompt, request.input, pending.tally));
    req.governance = { attribution: pending.attribution, findings: pending.tally.toArray(), response: [] };
    return input === request.input ? request : { ...request, input };
  }

  private guard<T>(pending: Pending, apply: () => T): T {
    try {
      return apply();
    } catch (error) {
      if (!(error instanceof GuardrailBlockedError)) throw error;
      this.recordBlocked(pending, error.message);
      const { guardrailId, rule } = error.blockedBy;
      throw new ApiError(400, 'guardrail_blocked', error.message, null, { guardrail_id: guardrailId, rule }).withHeaders({ 'x-should-retry': 'false' });
    }
  }

  /** One generation for the blocked request: status error, no provider, no cost, the rule that fired. */
  private recordBlocked({ req, key, attribution, tally, model, streamed }: Pending, message: string): void {
    const now = Date.now();
    void this.usage.emit({
      v: USAGE_EVENT_VERSION,
      requestId: req.requestId,
      trace: {},
      caller: { keyId: key.id, orgId: key.orgId, ...attribution },
      kind: req.path.endsWith('/embeddings') ? JobName.Embeddings : JobName.Chat,
      requestedModel: model,
      model: null,
      providerId: null,
      endpointId: null,
      streamed,
      status: 'error',
      finishReason: null,
      usage: { promptTokens: 0, completionTokens: 0 },
      usageSource: 'none',
      startedAt: now,
      finishedAt: now,
      latencyMs: 0,
      ttftMs: null,
      attempts: [],
      error: { status: 400, code: 'guardrail_blocked', message },
      guardrails: tally.toArray(),
    });
  }
}
