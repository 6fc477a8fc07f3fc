export { PromptGuard } from './prompt-guard';
export { ResponseGuard, StreamWatch, type CheckedText } from './response-guard';
export { FindingTally, GuardrailBlockedError, type BlockedBy } from './findings';
export { guardChatRequest, guardEmbeddingsInput } from './chat-request-guard';
export { assertSafePattern, UnsafePatternError } from './safe-pattern';
export { luhnValid } from './detectors/luhn';
export { ibanChecksumValid } from './detectors/iban';
