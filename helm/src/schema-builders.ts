// Small constructors for the JSON Schema of the chart's values, so that every property is
// written with its description and every object is closed (additionalProperties false)
// without repeating either by hand.

export type Schema = Record<string, unknown>;

export const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
export const bool = (description: string): Schema => ({ type: 'boolean', description });
export const int = (description: string, extra: Schema = {}): Schema => ({ type: 'integer', description, ...extra });
export const port = (description: string): Schema => int(description, { minimum: 1, maximum: 65535 });

/** A closed object: every property described, nothing else allowed. */
export function obj(description: string, properties: Record<string, Schema>, extra: Schema = {}): Schema {
  return { type: 'object', description, additionalProperties: false, properties, ...extra };
}

/** A map whose keys are free (labels, annotations) and whose values have one schema. */
export function map(description: string, values: Schema): Schema {
  return { type: 'object', description, additionalProperties: values };
}

export const labels = (description: string): Schema => map(description, { type: 'string' });

/**
 * A value passed to Kubernetes as it is (affinity, tolerations, a NetworkPolicyPeer): its
 * fields are Kubernetes', checked by the API server and kubeconform, not repeated here.
 */
export const kubernetesObject = (description: string): Schema => ({ type: 'object', description });
export const kubernetesList = (description: string): Schema => ({
  type: 'array',
  description,
  items: { type: 'object' },
});

/** A Kubernetes duration as prometheus-operator and the forwarder read it (30s, 5m, 1h30m, 7d). */
export const duration = (description: string): Schema => str(description, { pattern: '^([0-9]+(ms|s|m|h|d|w|y))+$' });

export const quantity = (description: string): Schema => ({
  description,
  oneOf: [
    { type: 'string', pattern: '^[0-9.]+([eE][0-9]+|[numkKMGTPE]i?)?$' },
    { type: 'number', minimum: 0 },
  ],
});

export function resources(description: string): Schema {
  const amounts = (what: string) =>
    obj(what, { cpu: quantity('CPU, in cores or millicores (100m).'), memory: quantity('Memory (200Mi).') });
  return obj(description, {
    requests: amounts('What the scheduler reserves.'),
    limits: amounts('The most the container may use.'),
  });
}

export function image(what: string): Schema {
  return obj(`The ${what} image.`, {
    repository: str('Image repository.', { minLength: 1 }),
    tag: str("Image tag; empty means the chart's appVersion."),
    pullPolicy: str('Image pull policy.', { enum: ['Always', 'IfNotPresent', 'Never'] }),
  });
}

export const envList = (description: string): Schema => ({
  type: 'array',
  description,
  items: {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string', minLength: 1 } },
  },
});
