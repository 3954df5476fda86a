// Kubernetes API server families (and the REST client family every component exports).
import { family } from './family.js';

export const apiserver = [
  family(
    'rest_client_requests_total',
    'counter',
    ['code', 'host', 'method'],
    'Number of HTTP requests, partitioned by status code, method, and host.',
  ),
  family(
    'apiserver_request_total',
    'counter',
    ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component', 'code'],
    'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
  ),
  family(
    'apiserver_request_duration_seconds',
    'histogram',
    ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
    'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
  ),
] as const;
