// The resource every exported span carries: what the SDK specification asks of any SDK
// (telemetry.sdk.name/language/version naming this library, since it, not the OpenTelemetry
// SDK, made the spans), a service.instance.id that tells replicas apart (a random UUID per
// Observability unless OTEL_RESOURCE_ATTRIBUTES gives one), the attributes of
// OTEL_RESOURCE_ATTRIBUTES and Kubernetes, and the service's name and version, which win.
import { randomUUID } from 'node:crypto';
import { LIBRARY_NAME, LIBRARY_VERSION } from '../version.js';

export function traceResource(
  serviceName: string,
  serviceVersion: string | undefined,
  attributes: Readonly<Record<string, string>>,
): Record<string, string> {
  const resource: Record<string, string> = {
    'telemetry.sdk.name': LIBRARY_NAME,
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.version': LIBRARY_VERSION,
    'service.instance.id': randomUUID(),
    ...attributes,
    'service.name': serviceName,
  };
  if (serviceVersion !== undefined) resource['service.version'] = serviceVersion;
  return resource;
}
