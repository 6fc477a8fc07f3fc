import { ResponsesPresenter } from './responses-presenter';

const chunk = (delta: Record<string, unknown>, finish: string | null = null, usage?: Record<string, number>) =>
  JSON.stringify({ id: 'gen-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }], ...(usage && { usage }) });

function events(text: string): Array<Record<string, any>> {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((frame) => JSON.parse(frame.split('\n')[1]!.slice('data: '.length)));
}

describe('ResponsesPresenter stream', () => {
  it('opens, fills and closes a message, then a function call, with increasing sequence numbers', () => {
    const presenter = new ResponsesPresenter({ model: 'openai/gpt-4o-mini', input: 'x' });
    const out =
      presenter.chunk(chunk({ role: 'assistant', content: 'Let me check. ' })) +
      presenter.chunk(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] })) +
      presenter.chunk(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Oslo"}' } }] }, 'tool_calls')) +
      presenter.chunk(chunk({}, null, { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 })) +
      presenter.end();
    const list = events(out);
    expect(list.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(list.map((event) => event.sequence_number)).toEqual(list.map((_, index) => index));
    const completed = list.at(-1)!.response;
    expect(completed.output).toEqual([
      expect.objectContaining({ type: 'message', status: 'completed', content: [expect.objectContaining({ text: 'Let me check. ' })] }),
      expect.objectContaining({ type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}', status: 'completed' }),
    ]);
    expect(completed.usage).toMatchObject({ input_tokens: 5, output_tokens: 7, total_tokens: 12 });
  });

  it('reports a provider failure mid-stream as an error event', () => {
    const presenter = new ResponsesPresenter({ model: 'm', input: 'x' });
    const [error] = events(presenter.streamError(502, { error: { message: 'cut', code: 'stream_interrupted' } }));
    expect(error).toMatchObject({ type: 'error', code: 'stream_interrupted', message: 'cut' });
  });
});
