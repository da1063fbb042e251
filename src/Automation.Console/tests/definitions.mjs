// Definitions the browser tests register.
export const chain = {
  description: 'Console test: a small graph with an input schema',
  input: {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string', minLength: 1 }, count: { type: 'integer', minimum: 0 } },
    additionalProperties: false,
  },
  steps: [
    { id: 'prepare', type: 'transform', with: { value: { greeting: 'Hello {{ input.name }}' } } },
    { id: 'left', type: 'transform', dependsOn: ['prepare'], with: { value: { side: 'left', g: '{{ steps.prepare.output.greeting }}' } } },
    { id: 'right', type: 'transform', dependsOn: ['prepare'], with: { value: { side: 'right' } } },
    { id: 'pause', type: 'delay', dependsOn: ['left', 'right'], with: { duration: '1s' } },
    { id: 'finish', type: 'transform', dependsOn: ['pause'], with: { value: { done: true, left: '{{ steps.left.output.side }}' } } },
  ],
  output: { greeting: '{{ steps.prepare.output.greeting }}' },
};

export const hold = {
  description: 'Console test: waits for the signal go',
  steps: [
    { id: 'start', type: 'transform', with: { value: { ok: true } } },
    { id: 'hold', type: 'wait', dependsOn: ['start'], with: { signal: 'go' } },
    { id: 'after', type: 'transform', dependsOn: ['hold'], with: { value: { got: '{{ steps.hold.output }}' } } },
  ],
};

export const approval = {
  description: 'Console test: an approval',
  steps: [
    { id: 'ask', type: 'wait', with: { approval: { message: 'Ship it?' } } },
    { id: 'ship', type: 'transform', dependsOn: ['ask'], with: { value: { approvedBy: '{{ steps.ask.output.by }}' } } },
  ],
};

/** 500 transform steps in 25 layers of 20, each depending on the step above it (for the render measurement). */
export function wide(layers = 25, perLayer = 20) {
  const steps = [];
  for (let l = 0; l < layers; l++) {
    for (let i = 0; i < perLayer; i++) {
      const step = { id: `s${l}-${i}`, type: 'transform', with: { value: { layer: l, index: i } } };
      if (l > 0) step.dependsOn = [`s${l - 1}-${i}`, `s${l - 1}-${(i + 1) % perLayer}`];
      steps.push(step);
    }
  }
  return { description: 'Console test: 500 steps', steps };
}
