// One frame of a stack trace as grouping sees it (stack-frames.ts reads them).

export interface Frame {
  fn: string;
  /** The base name of the file, lower case (Java: the class's package path). */
  file: string;
  /** The frame as written, for display. */
  raw: string;
  inApp: boolean;
}

/** The base name of a path or file URL, lower case, without a query. */
export function basename(path: string): string {
  let clean = path.startsWith('file://') ? path.slice(7) : path;
  const query = clean.search(/[?#]/);
  if (query >= 0) clean = clean.slice(0, query);
  return (clean.slice(clean.lastIndexOf('/') + 1) || clean).toLowerCase();
}
