// Grafana expands its variables before Prometheus sees a query; the analysis needs the
// query Prometheus would see, with any value standing in for each variable.
import { substituteGrafanaVariables } from '../promql/names.js';

/** Prefix of the stand-in for a dashboard's own variables; a "metric" with it is no metric. */
export const VARIABLE_STAND_IN = '__grafana_var_';

export function grafanaToPromql(expr: string): string {
  return (
    substituteGrafanaVariables(expr)
      // A variable as a range or step: any duration will do.
      .replace(/\[\s*(?:\$\{\w+(?::[^}]*)?\}|\$\w+|\[\[\w+\]\])\s*(?=[\]:])/g, '[5m')
      .replace(/:\s*(?:\$\{\w+(?::[^}]*)?\}|\$\w+|\[\[\w+\]\])\s*\]/g, ':1m]')
      // Anywhere else (a matcher's value, a label in by(), a threshold): a name that parses.
      .replace(/\$\{(\w+)(?::[^}]*)?\}|\$(\w+)|\[\[(\w+)\]\]/g, (_m, a, b, c) => `${VARIABLE_STAND_IN}${a ?? b ?? c}`)
  );
}
