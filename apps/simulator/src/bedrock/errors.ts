import { ApiError } from '../personality';
import { eventStreamFrame } from './event-stream';

/**
 * AWS's REST-JSON error: the status, the error type in `x-amzn-ErrorType` (with Bedrock's service
 * suffix) and `{"message": "..."}`. AWS's edge capitalises the key (`Message`) on some auth errors.
 */
export function awsError(status: number, type: string, message: string, headers: Record<string, string> = {}, key = 'message'): ApiError {
  return new ApiError(status, { [key]: message }, { 'x-amzn-ErrorType': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`, ...headers });
}

export const validationError = (message: string): ApiError => awsError(400, 'ValidationException', message);

/** How Bedrock Runtime words each status, so injected failures look like the real ones. */
const FAILURES: Record<number, [type: string, message: string]> = {
  400: ['ValidationException', 'Input validation failed. Check your request parameters and retry the request.'],
  403: ['AccessDeniedException', "You don't have access to the model with the specified model ID."],
  404: ['ResourceNotFoundException', 'The specified resource ARN was not found. Check the ARN and try your request again.'],
  408: ['ModelTimeoutException', 'The request took too long to process. Processing time exceeded the model timeout length.'],
  413: ['ValidationException', 'Input is too long for requested model.'],
  424: ['ModelErrorException', 'The request failed due to an error while processing the model.'],
  429: ['ThrottlingException', 'Too many requests, please wait before trying again.'],
  500: ['InternalServerException', 'The server encountered an error processing the request. Try your request again.'],
  503: ['ServiceUnavailableException', "The service isn't currently available. Try again later."],
};

export function failure(status: number, message?: string, retryAfterSec?: number): ApiError {
  const [type, text] = FAILURES[status] ?? [status >= 500 ? 'InternalServerException' : 'ValidationException', `Simulated error (HTTP ${status}).`];
  return awsError(status, type, message ?? text, retryAfterSec === undefined ? {} : { 'retry-after': String(retryAfterSec) });
}

/** The exception message ConverseStream sends when the model's stream fails after it started. */
export const streamErrorFrame = (): Uint8Array =>
  eventStreamFrame(
    { ':exception-type': 'modelStreamErrorException', ':content-type': 'application/json', ':message-type': 'exception' },
    { message: 'The model stream ended with an error.', originalStatusCode: 500, originalMessage: 'Internal server error' },
  );
