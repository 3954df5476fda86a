import { binary } from './paths.js';
import { runTool, type ToolResult } from './run-tool.js';

/** promtool 3.x, built from the same module as Prometheus. */
export function promtool(args: string[], cwd?: string): Promise<ToolResult> {
  return runTool(binary('promtool'), args, cwd);
}
